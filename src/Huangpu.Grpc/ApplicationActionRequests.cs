namespace Huangpu.Grpc.Applications.V1;

/// <summary>
/// What every action on an application carries, whatever its own request message adds (AIP-136: one request per
/// method): the application, the reason, the version the caller saw and the idempotency key.
/// </summary>
public interface IApplicationActionRequest
{
    string ApplicationId { get; }

    string Reason { get; }

    long ExpectedVersion { get; }

    string RequestId { get; }
}

public sealed partial class SubmitDraftRequest : IApplicationActionRequest;

public sealed partial class WithdrawApplicationRequest : IApplicationActionRequest;

public sealed partial class ConfirmApplicationRequest : IApplicationActionRequest;

public sealed partial class AcceptApplicationRequest : IApplicationActionRequest;

public sealed partial class NotAcceptApplicationRequest : IApplicationActionRequest;

public sealed partial class RequestSupplementRequest : IApplicationActionRequest;

public sealed partial class ResubmitApplicationRequest : IApplicationActionRequest;

public sealed partial class PassPreliminaryReviewRequest : IApplicationActionRequest;

public sealed partial class FailPreliminaryReviewRequest : IApplicationActionRequest;

public sealed partial class HoldApplicationRequest : IApplicationActionRequest;

public sealed partial class ReleaseApplicationRequest : IApplicationActionRequest;
