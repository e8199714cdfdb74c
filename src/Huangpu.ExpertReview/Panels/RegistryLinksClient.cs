using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.ExpertReview.Domain;
using Huangpu.Grpc.Registry.V1;

namespace Huangpu.ExpertReview.Panels;

/// <summary>Reads an applicant's links from the Registry over gRPC on the service's own account, within a deadline.</summary>
public sealed class RegistryLinksClient(RegistryService.RegistryServiceClient registry, ServiceCredentials credentials) : IRegistryLinks
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<ApplicantLink>> LinksOfAsync(string uscc, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await registry.ListOrganizationLinksAsync(
                new ListOrganizationLinksRequest { Uscc = uscc },
                credentials.Headers(),
                deadline: DateTime.UtcNow + Deadline,
                cancellationToken: cancellationToken);
            return [.. answer.Links.Select(l => new ApplicantLink(l.Uscc, [.. l.Reasons]))];
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return [];
        }
    }
}
