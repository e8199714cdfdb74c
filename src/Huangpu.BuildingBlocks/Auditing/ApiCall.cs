using System.Security.Claims;
using Google.Protobuf;
using Huangpu.BuildingBlocks.Auth;

namespace Huangpu.BuildingBlocks.Auditing;

/// <summary>
/// The API call being served, for the audit of what it changes and of what it was refused: set by
/// <see cref="ApiCallAuditInterceptor"/> around every handler and flowing with it (an async local), so the
/// database interceptor and the handlers' visibility checks find it without being handed it.
/// </summary>
public sealed class ApiCall
{
    private static readonly AsyncLocal<ApiCall?> CurrentCall = new();
    private IReadOnlyList<string>? _requestSubjects;

    internal ApiCall(string service, string method, IMessage? request, ClaimsPrincipal user, DateTimeOffset at)
    {
        Service = service;
        Method = method;
        Request = request;
        User = user;
        At = at;
    }

    /// <summary>The call this code runs for; null outside one (consumers, jobs).</summary>
    public static ApiCall? Current
    {
        get => CurrentCall.Value;
        internal set => CurrentCall.Value = value;
    }

    public string Service { get; }

    public string Method { get; }

    public IMessage? Request { get; }

    /// <summary>The USCCs and application ids the request names (<see cref="Tracing.SubjectTags.Of"/>), read once for the call.</summary>
    public IReadOnlyList<string> RequestSubjects => _requestSubjects ??= Request is null ? [] : [.. Tracing.SubjectTags.Of(Request)];

    public ClaimsPrincipal User { get; }

    /// <summary>When the call began, on the platform clock: the time its audit record carries.</summary>
    public DateTimeOffset At { get; }

    public string Actor => User.SubjectOrAnonymous();

    public string ActorRole => User.RoleOrNone();

    /// <summary>What the caller reached for and may not see, when the call answers not found for that reason.</summary>
    public (string Subject, string Reason)? Refusal { get; private set; }

    /// <summary>
    /// Notes that the call is refused because <paramref name="subject"/> is outside the caller's reach. The caller
    /// still gets the plain not-found answer; the audit trail gets who tried what.
    /// </summary>
    public static void RefuseAccess(string subject, string reason)
    {
        if (Current is { } call)
        {
            call.Refusal = (subject, reason);
        }
    }
}
