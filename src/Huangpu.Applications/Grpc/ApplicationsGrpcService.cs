using System.Globalization;
using Grpc.Core;
using Huangpu.Applications.Catalog;
using Huangpu.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Authorization;
using Proto = Huangpu.Grpc.Applications.V1;

namespace Huangpu.Applications.Grpc;

/// <summary>The catalog, readable by every role: it is what applicants and officers work from.</summary>
[Authorize]
public sealed class ApplicationsGrpcService(PolicyCatalog catalog) : Proto.ApplicationsService.ApplicationsServiceBase
{
    public override Task<Proto.ListPoliciesResponse> ListPolicies(Proto.ListPoliciesRequest request, ServerCallContext context)
    {
        var response = new Proto.ListPoliciesResponse();
        response.Policies.AddRange(catalog.Policies.Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<Proto.Policy> GetPolicy(Proto.GetPolicyRequest request, ServerCallContext context)
    {
        var policy = catalog.Find(request.PolicyId.Trim())
            ?? throw RpcErrors.NotFound("huangpu.applications.v1.Policy", request.PolicyId, $"No policy '{request.PolicyId}' in the catalog.", $"政策目录中没有“{request.PolicyId}”。");
        return Task.FromResult(ToProto(policy));
    }

    internal static Proto.Policy ToProto(Policy policy)
    {
        var answer = new Proto.Policy
        {
            PolicyId = policy.PolicyId,
            DocumentNumber = policy.DocumentNumber,
            Title = policy.Title,
            IssuedOn = Format(policy.IssuedOn),
            InterpretedBy = policy.InterpretedBy,
            Contact = policy.Contact,
            ValidFrom = Format(policy.ValidFrom),
            ValidTo = Format(policy.ValidTo),
            TimeZone = policy.TimeZone.Id,
        };
        answer.Issuers.AddRange(policy.Issuers);
        answer.Groups.AddRange(policy.Groups.Select(g =>
        {
            var group = new Proto.PolicyGroup { Code = g.Code, Clause = g.Clause, Title = g.Title };
            group.Measures.AddRange(g.Measures.Select(m =>
            {
                var measure = new Proto.PolicyMeasure { Number = m.Number, Title = m.Title };
                measure.Items.AddRange(m.Items.Select(i =>
                {
                    var item = new Proto.PolicyItem
                    {
                        Code = i.Code,
                        Clause = i.Clause,
                        Title = i.Title,
                        Rewards = i.Rewards,
                        Conditions = i.Conditions,
                        AwardRule = i.AwardRule switch
                        {
                            AwardRule.Cap => Proto.AwardRule.Cap,
                            AwardRule.Matching1To1 => Proto.AwardRule.Matching1To1,
                            AwardRule.PerRegulation => Proto.AwardRule.PerRegulation,
                            _ => Proto.AwardRule.Referral,
                        },
                        CapFen = i.CapFen ?? 0,
                        ReferralNote = i.ReferralNote ?? string.Empty,
                        NonCashSupport = i.NonCashSupport ?? string.Empty,
                    };
                    item.Rounds.AddRange(i.Rounds.Select(r => new Proto.ApplicationRound { RoundId = r.RoundId, OpensOn = Format(r.OpensOn), ClosesOn = Format(r.ClosesOn) }));
                    return item;
                }));
                return measure;
            }));
            return group;
        }));
        return answer;
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
