using Google.Rpc;
using Grpc.Core;

namespace Huangpu.PartnerClient;

/// <summary>
/// What the platform said when it refused a call, read from the google.rpc.Status it attaches: the code, the
/// stable reason (ErrorInfo), the English and Chinese messages (whichever language the call asked for in
/// <c>accept-language</c>; Chinese by default), and the fields at fault.
/// </summary>
public sealed record PartnerProblem(StatusCode Code, string Reason, string Message, string? MessageZh, IReadOnlyList<FieldFault> Fields, TimeSpan? RetryAfter)
{
    /// <summary>Reads a refusal; a status without the platform's details still gives its code and message.</summary>
    public static PartnerProblem From(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.GetRpcStatus();
        if (status is null)
        {
            return new PartnerProblem(exception.StatusCode, string.Empty, exception.Status.Detail, null, [], null);
        }

        var fields = new List<FieldFault>();
        if (status.GetDetail<BadRequest>() is { } badRequest)
        {
            fields.AddRange(badRequest.FieldViolations.Select(v => new FieldFault(v.Field, v.Description)));
        }

        return new PartnerProblem(
            exception.StatusCode,
            status.GetDetail<ErrorInfo>()?.Reason ?? string.Empty,
            Localized(status, "en-US") ?? status.Message,
            Localized(status, "zh-CN"),
            fields,
            PartnerCalls.RetryDelayOf(exception));
    }

    private static string? Localized(Google.Rpc.Status status, string locale) =>
        status.Details.Where(d => d.Is(LocalizedMessage.Descriptor)).Select(d => d.Unpack<LocalizedMessage>()).FirstOrDefault(m => m.Locale == locale)?.Message;
}

/// <summary>A field the platform refused, and why (English / Chinese).</summary>
public sealed record FieldFault(string Field, string Description);
