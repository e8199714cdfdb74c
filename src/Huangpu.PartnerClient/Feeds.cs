using Google.Protobuf.WellKnownTypes;
using Huangpu.Grpc.Applications.V1;
using Huangpu.Grpc.Payments.V1;
using Huangpu.Grpc.Registry.V1;

namespace Huangpu.PartnerClient;

/// <summary>
/// Market supervision (市场监管局): registration data of organisations — name, legal form, district, status,
/// abnormal-operation listings, the persons behind them. Each record is idempotent on its source record id.
/// </summary>
public sealed class MarketSupervisionFeed
{
    private readonly RegistryService.RegistryServiceClient _registry;
    private readonly PartnerCalls _calls;

    internal MarketSupervisionFeed(RegistryService.RegistryServiceClient registry, PartnerCalls calls) => (_registry, _calls) = (registry, calls);

    /// <summary>Sends the records (in calls of the configured batch size); every record's outcome, in the order given.</summary>
    public Task<FeedResponse> SubmitRegistrationRecordsAsync(IReadOnlyList<RegistrationRecord> records, string? batchKey = null, CancellationToken cancellationToken = default) =>
        Batches.SendAsync(
            _calls,
            records,
            batchKey,
            (chunk, options) => _registry.SubmitRegistrationRecordsAsync(new SubmitRegistrationRecordsRequest { Records = { chunk } }, options),
            FeedResponses.MergeInto,
            cancellationToken);
}

/// <summary>The credit bureau (信用中心): serious-dishonesty listings and their removal, idempotent on the source record id.</summary>
public sealed class CreditFeed
{
    private readonly RegistryService.RegistryServiceClient _registry;
    private readonly PartnerCalls _calls;

    internal CreditFeed(RegistryService.RegistryServiceClient registry, PartnerCalls calls) => (_registry, _calls) = (registry, calls);

    /// <summary>Sends the records (in calls of the configured batch size); every record's outcome, in the order given.</summary>
    public Task<FeedResponse> SubmitCreditRecordsAsync(IReadOnlyList<AddCreditRecordRequest> records, string? batchKey = null, CancellationToken cancellationToken = default) =>
        Batches.SendAsync(
            _calls,
            records,
            batchKey,
            (chunk, options) => _registry.SubmitCreditRecordsAsync(new SubmitCreditRecordsRequest { Records = { chunk } }, options),
            FeedResponses.MergeInto,
            cancellationToken);

    /// <summary>One record; a record for a USCC not yet registered is kept and applies when it registers.</summary>
    public Task<CreditRecord> AddCreditRecordAsync(AddCreditRecordRequest record, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _calls.UnaryAsync(options => _registry.AddCreditRecordAsync(record, options), Batches.NewKeyUnless(idempotencyKey), cancellationToken);
    }
}

/// <summary>
/// The city HR bureau (市人社局): Bole award winners (伯乐奖), matched 1:1 without application (免申即享, item 14.1).
/// An eligible Huangpu winner gets its application created, waiting for its confirmation; the others are answered
/// with the rules they fail. Each award is idempotent on its source record id.
/// </summary>
public sealed class CityHrFeed
{
    private readonly ApplicationsService.ApplicationsServiceClient _applications;
    private readonly PartnerCalls _calls;

    internal CityHrFeed(ApplicationsService.ApplicationsServiceClient applications, PartnerCalls calls) => (_applications, _calls) = (applications, calls);

    /// <summary>Sends the awards (in calls of the configured batch size); every award's outcome, in the order given.</summary>
    public Task<SubmitCityAwardsResponse> SubmitCityAwardsAsync(IReadOnlyList<CityAward> awards, string? batchKey = null, CancellationToken cancellationToken = default) =>
        Batches.SendAsync(
            _calls,
            awards,
            batchKey,
            (chunk, options) => _applications.SubmitCityAwardsAsync(new SubmitCityAwardsRequest { Awards = { chunk } }, options),
            static (whole, part, offset) =>
            {
                foreach (var result in part.Results)
                {
                    result.Index += offset;
                    whole.Results.Add(result);
                }
            },
            cancellationToken);
}

/// <summary>
/// The treasury (国库): confirms each payment instruction the platform sent it, settled or rejected. A confirmation
/// must match the instruction's amount and payee; the same confirmation again answers the same.
/// </summary>
public sealed class TreasuryFeed
{
    private readonly TreasuryCallbacks.TreasuryCallbacksClient _callbacks;
    private readonly PartnerCalls _calls;

    internal TreasuryFeed(TreasuryCallbacks.TreasuryCallbacksClient callbacks, PartnerCalls calls) => (_callbacks, _calls) = (callbacks, calls);

    /// <summary>The instruction was paid: the treasury's reference and when it settled.</summary>
    public Task<ConfirmResponse> ConfirmSettledAsync(string instructionId, long amountFen, string payeeUscc, string treasuryReference, DateTimeOffset settledAt, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ConfirmAsync(
            new ConfirmRequest
            {
                InstructionId = instructionId,
                Outcome = "SETTLED",
                AmountFen = amountFen,
                PayeeUscc = payeeUscc,
                TreasuryReference = treasuryReference,
                SettledAt = Timestamp.FromDateTimeOffset(settledAt),
            },
            idempotencyKey,
            cancellationToken);

    /// <summary>The instruction could not be paid (a closed account, say): the reason.</summary>
    public Task<ConfirmResponse> ConfirmRejectedAsync(string instructionId, long amountFen, string payeeUscc, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ConfirmAsync(
            new ConfirmRequest { InstructionId = instructionId, Outcome = "REJECTED", AmountFen = amountFen, PayeeUscc = payeeUscc, Reason = reason },
            idempotencyKey,
            cancellationToken);

    private Task<ConfirmResponse> ConfirmAsync(ConfirmRequest request, string? idempotencyKey, CancellationToken cancellationToken) =>
        _calls.UnaryAsync(options => _callbacks.ConfirmAsync(request, options), Batches.NewKeyUnless(idempotencyKey), cancellationToken);
}

internal static class FeedResponses
{
    /// <summary>One call's answer folded into the whole batch's: indexes shifted to the batch, counts added.</summary>
    public static void MergeInto(FeedResponse whole, FeedResponse part, int offset)
    {
        foreach (var result in part.Results)
        {
            result.Index += offset;
            whole.Results.Add(result);
        }

        whole.Applied += part.Applied;
        whole.Unchanged += part.Unchanged;
        whole.Duplicates += part.Duplicates;
        whole.Invalid += part.Invalid;
    }
}
