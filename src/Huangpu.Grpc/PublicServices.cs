using Google.Protobuf.Reflection;

namespace Huangpu.Grpc;

/// <summary>The platform's public gRPC services, for reflection and routing at the gateway.</summary>
public static class PublicServices
{
    public static IReadOnlyList<ServiceDescriptor> All { get; } =
    [
        Registry.V1.RegistryService.Descriptor,
        Applications.V1.ApplicationsService.Descriptor,
        ExpertReview.V1.ExpertReviewService.Descriptor,
        Payments.V1.PaymentsService.Descriptor,
        Compliance.V1.ComplianceService.Descriptor,
    ];

    /// <summary>Every domain service also serves the ops role's operations; the gateway routes them by the service in the path.</summary>
    public static ServiceDescriptor Operations { get; } = Huangpu.Grpc.Operations.V1.OperationsService.Descriptor;
}
