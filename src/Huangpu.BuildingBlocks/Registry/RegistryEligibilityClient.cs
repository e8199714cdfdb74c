using global::Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Grpc.Registry.V1;

namespace Huangpu.BuildingBlocks.Registry;

/// <summary>One failed eligibility rule as Registry names it.</summary>
public sealed record EligibilityFailure(string Code, string MessageZh, string MessageEn);

/// <summary>Registry's answer: registered or not, and every failed rule on the date.</summary>
public sealed record EligibilityAnswer(bool Registered, IReadOnlyList<EligibilityFailure> FailedRules)
{
    /// <summary>The failure an unregistered organisation has instead of rules.</summary>
    public static readonly EligibilityFailure NotRegistered = new("ORGANIZATION_NOT_REGISTERED", "该单位尚未在平台登记。", "The organisation is not registered with the platform.");

    public bool Eligible => Registered && FailedRules.Count == 0;

    /// <summary>The version of the organisation's record the answer was evaluated on (0 when not registered).</summary>
    public long OrganizationVersion { get; init; }

    /// <summary>The rules the answer was evaluated under, as the Registry names them.</summary>
    public string RulesVersion { get; init; } = string.Empty;

    /// <summary>Every reason it is not eligible: the failed rules, or that it is not registered.</summary>
    public IReadOnlyList<EligibilityFailure> Failures => Registered ? FailedRules : [NotRegistered];

    /// <summary>The failures as kept with a held decision: code, then the Chinese and English messages.</summary>
    public IReadOnlyList<string> FailureTexts => [.. Failures.Select(f => $"{f.Code}: {f.MessageZh} / {f.MessageEn}")];
}

/// <summary>Eligibility of an organisation on a date, as the Registry evaluates it.</summary>
public interface IEligibilityClient
{
    /// <summary>Throws Unavailable when the Registry cannot be asked: never a silent pass.</summary>
    Task<EligibilityAnswer> CheckAsync(string uscc, DateOnly asOf, CancellationToken cancellationToken);
}

/// <summary>Organisations' registered names, as the Registry keeps them (for public notices).</summary>
public interface IOrganizationNames
{
    /// <summary>Throws Unavailable when the Registry cannot be asked; null for an unknown organisation.</summary>
    Task<string?> NameOfAsync(string uscc, CancellationToken cancellationToken);
}

/// <summary>Asks the Registry over gRPC on the service's own account (role <c>service</c>), within a deadline.</summary>
public sealed class RegistryEligibilityClient(RegistryService.RegistryServiceClient registry, ServiceCredentials credentials) : IEligibilityClient, IOrganizationNames
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<EligibilityAnswer> CheckAsync(string uscc, DateOnly asOf, CancellationToken cancellationToken)
    {
        try
        {
            var result = await registry.CheckEligibilityAsync(
                new CheckEligibilityRequest { Uscc = uscc, AsOf = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
                credentials.Headers(),
                deadline: DateTime.UtcNow + Deadline,
                cancellationToken: cancellationToken);
            return new EligibilityAnswer(true, [.. result.FailedRules.Select(r => new EligibilityFailure(r.Code, r.MessageZh, r.MessageEn))])
            {
                OrganizationVersion = result.OrganizationVersion,
                RulesVersion = result.RulesVersion,
            };
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new EligibilityAnswer(false, []);
        }
        catch (RpcException ex) when (IsUnavailable(ex))
        {
            throw Unavailable();
        }
    }

    public async Task<string?> NameOfAsync(string uscc, CancellationToken cancellationToken)
    {
        try
        {
            var organization = await registry.GetOrganizationAsync(new GetOrganizationRequest { Uscc = uscc }, credentials.Headers(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return organization.Name;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException ex) when (IsUnavailable(ex))
        {
            throw Unavailable();
        }
    }

    private static bool IsUnavailable(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted;

    private static RpcException Unavailable() => RpcErrors.Unavailable(
        "REGISTRY_UNAVAILABLE",
        "The Registry could not be asked; nothing was stored. Try again shortly.",
        "暂时无法访问主体登记服务，未作任何保存，请稍后重试。");
}
