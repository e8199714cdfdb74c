using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace Huangpu.BuildingBlocks.Errors;

/// <summary>One bad field of a request: the JSON field name and what is wrong with it in both languages.</summary>
public sealed record FieldProblem(string Field, string English, string Chinese);

/// <summary>
/// Builds the platform's errors as google.rpc.Status with details: the message in both languages as
/// LocalizedMessage details (zh-CN, en-US), a stable ErrorInfo reason, and the standard detail (BadRequest,
/// PreconditionFailure, ResourceInfo) for the code. <c>message</c> is built English; the edge answers it in the
/// caller's language (<see cref="RefusalLanguage"/>).
/// </summary>
public static class RpcErrors
{
    public const string Domain = "huangpu.platform";

    /// <summary>The detail messages our errors carry, so JSON transcoding can render them inside <c>details</c>.</summary>
    public static Google.Protobuf.Reflection.TypeRegistry DetailTypes { get; } = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
        ErrorInfo.Descriptor, LocalizedMessage.Descriptor, BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor, RetryInfo.Descriptor, QuotaFailure.Descriptor);

    /// <summary>google.rpc.Status as JSON, its details included, for answers written outside JSON transcoding (the gateway's own, admission's).</summary>
    public static Google.Protobuf.JsonFormatter StatusJson { get; } = new(Google.Protobuf.JsonFormatter.Settings.Default.WithTypeRegistry(DetailTypes));

    public static RpcException InvalidArgument(IReadOnlyCollection<FieldProblem> problems) => InvalidArgumentStatus(problems).ToRpcException();

    /// <summary>The status of <see cref="InvalidArgument(IReadOnlyCollection{FieldProblem})"/>, for answers written outside a gRPC handler.</summary>
    public static Status InvalidArgumentStatus(IReadOnlyCollection<FieldProblem> problems)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(problems.Select(p => new BadRequest.Types.FieldViolation
        {
            Field = p.Field,
            Description = $"{p.English} / {p.Chinese}",
        }));
        var first = problems.First();
        var english = problems.Count == 1 ? $"Invalid field '{first.Field}': {first.English}" : $"{problems.Count} invalid fields: {string.Join(", ", problems.Select(p => p.Field))}";
        var chinese = problems.Count == 1 ? $"字段“{first.Field}”无效：{first.Chinese}" : $"{problems.Count} 个字段无效：{string.Join("、", problems.Select(p => p.Field))}";
        return StatusOf(Code.InvalidArgument, "INVALID_ARGUMENT", english, chinese, badRequest);
    }

    public static RpcException InvalidArgument(string field, string english, string chinese) =>
        InvalidArgument([new FieldProblem(field, english, chinese)]);

    public static RpcException NotFound(string resourceType, string resourceName, string english, string chinese) =>
        Build(Code.NotFound, "NOT_FOUND", english, chinese, new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName });

    public static RpcException AlreadyExists(string resourceType, string resourceName, string english, string chinese) =>
        Build(Code.AlreadyExists, "ALREADY_EXISTS", english, chinese, new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName });

    /// <summary>A precondition such as the current state of a resource; <paramref name="type"/> e.g. "STATE".</summary>
    public static RpcException FailedPrecondition(string type, string subject, string english, string chinese)
    {
        var failure = new PreconditionFailure();
        failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = type, Subject = subject, Description = $"{english} / {chinese}" });
        return Build(Code.FailedPrecondition, type, english, chinese, failure);
    }

    /// <summary>Several violated preconditions at once (e.g. every failed eligibility rule), under one reason.</summary>
    public static RpcException FailedPrecondition(string reason, string english, string chinese, IEnumerable<(string Type, string Subject, string English, string Chinese)> violations)
    {
        var failure = new PreconditionFailure();
        failure.Violations.AddRange(violations.Select(v => new PreconditionFailure.Types.Violation { Type = v.Type, Subject = v.Subject, Description = $"{v.English} / {v.Chinese}" }));
        return Build(Code.FailedPrecondition, reason, english, chinese, failure);
    }

    /// <summary>Stale version or an idempotency key reused with another body (HTTP 409).</summary>
    public static RpcException Aborted(string reason, string english, string chinese) =>
        Build(Code.Aborted, reason, english, chinese);

    public static RpcException PermissionDenied(string reason, string english, string chinese, string? field = null)
    {
        if (field is null)
        {
            return Build(Code.PermissionDenied, reason, english, chinese);
        }

        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = $"{english} / {chinese}" });
        return Build(Code.PermissionDenied, reason, english, chinese, badRequest);
    }

    public static RpcException Unavailable(string reason, string english, string chinese) =>
        Build(Code.Unavailable, reason, english, chinese);

    /// <summary>
    /// Refused at admission: the process <paramref name="refusedBy"/> (the gateway or a service, named in the
    /// ErrorInfo's metadata) is at capacity; the caller may try again after <paramref name="retryAfter"/>.
    /// </summary>
    public static Status Overloaded(TimeSpan retryAfter, string refusedBy)
    {
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        return StatusOf(Code.Unavailable, Info("OVERLOADED", ("refusedBy", refusedBy)), $"The platform is at capacity; try again in {seconds} s.", $"系统繁忙，请 {seconds} 秒后重试。",
            new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) });
    }

    /// <summary>
    /// Refused by a rate limit: <paramref name="client"/> has used its <paramref name="permits"/> calls of
    /// <paramref name="quota"/> for the current window; it may call again after <paramref name="retryAfter"/>.
    /// </summary>
    public static Status RateLimited(string client, string quota, long permits, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var status = StatusOf(Code.ResourceExhausted,
            Info("RATE_LIMITED", ("quota", quota), ("permits", permits.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            $"Too many calls: {permits} allowed per window for '{quota}'; try again in {seconds} s.",
            $"调用过于频繁：“{quota}”每个时间窗口限 {permits} 次，请 {seconds} 秒后重试。",
            new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) });
        var failure = new QuotaFailure();
        failure.Violations.Add(new QuotaFailure.Types.Violation { Subject = client, Description = $"{permits} calls per window for '{quota}' / 每个时间窗口 {permits} 次" });
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(failure));
        return status;
    }

    /// <summary>An unexpected failure: the correlation id under which it was logged, and nothing of its cause.</summary>
    public static RpcException Internal(string correlationId) =>
        StatusOf(Code.Internal, Info("INTERNAL", ("correlationId", correlationId)),
            $"An internal error occurred; correlation id {correlationId}.", $"系统内部错误，关联编号 {correlationId}。", detail: null).ToRpcException();

    /// <summary>The platform's ErrorInfo: a stable reason in the platform's domain, with the metadata given.</summary>
    private static ErrorInfo Info(string reason, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata.Add(key, value);
        }

        return info;
    }

    private static RpcException Build(Code code, string reason, string english, string chinese, IMessage? detail = null) =>
        StatusOf(code, reason, english, chinese, detail).ToRpcException();

    /// <summary>The message in both languages, as LocalizedMessage details: the Chinese, and the English <c>message</c> the status was built with.</summary>
    private static void AddMessages(Status status, string chinese)
    {
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new LocalizedMessage { Locale = RefusalLanguage.Chinese, Message = chinese }));
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new LocalizedMessage { Locale = RefusalLanguage.English, Message = status.Message }));
    }

    /// <summary>
    /// The platform's google.rpc.Status: the English message, a stable ErrorInfo reason, the message in both
    /// languages as LocalizedMessage details, and the code's standard detail when given. For answers written outside a gRPC handler
    /// (<see cref="StatusResponses"/>); a handler throws the same as an RpcException.
    /// </summary>
    public static Status StatusOf(Code code, string reason, string english, string chinese, IMessage? detail = null) =>
        StatusOf(code, Info(reason), english, chinese, detail);

    private static Status StatusOf(Code code, ErrorInfo info, string english, string chinese, IMessage? detail)
    {
        var status = new Status { Code = (int)code, Message = english };
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(info));
        AddMessages(status, chinese);
        if (detail is not null)
        {
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(detail));
        }

        return status;
    }
}
