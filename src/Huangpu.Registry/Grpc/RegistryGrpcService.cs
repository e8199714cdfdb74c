using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Registry;
using Huangpu.Grpc.Registry.V1;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using DomainLegalForm = Huangpu.Registry.Domain.LegalForm;
using Organization = Huangpu.Grpc.Registry.V1.Organization;
using ProtoLegalForm = Huangpu.Grpc.Registry.V1.LegalForm;

namespace Huangpu.Registry.Grpc;

/// <summary>Thin gRPC surface of the Registry: validates and authorises, maps proto ↔ domain, translates errors.</summary>
[Authorize]
public sealed class RegistryGrpcService(RegistryDbContext db, IdempotencyGate idempotency, TimeProvider clock) : RegistryService.RegistryServiceBase
{
    private const string ResourceType = "huangpu.registry.v1.Organization";

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant}")]
    public override async Task<Organization> RegisterOrganization(RegisterOrganizationRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var role = user.RoleOrNone();
        var uscc = ValidateRegistration(request);
        if (role == PlatformRoles.Applicant)
        {
            RefuseBureauOwnedFields(request);
            if (!string.Equals(user.OrganizationUscc(), uscc.Normalized, StringComparison.Ordinal))
            {
                throw RpcErrors.PermissionDenied("NOT_OWN_ORGANIZATION", "An applicant registers only its own organisation.", "申请单位只能登记本单位。", "uscc");
            }
        }

        try
        {
            return await idempotency.RunAsync(context, "registry.RegisterOrganization", request, request.RequestId, async ct =>
            {
                if (await db.Organizations.AnyAsync(o => o.Uscc == uscc.Normalized, ct))
                {
                    throw AlreadyRegistered(uscc.Normalized);
                }

                var now = clock.GetUtcNowForStorage();
                var organization = Domain.Organization.Register(
                    uscc.Normalized,
                    request.Name.Trim(),
                    (DomainLegalForm)request.LegalForm,
                    request.RegisteredAddress.Trim(),
                    request.RegisteredDistrictCode.Trim(),
                    request.TaxDistrictCode.Trim(),
                    role == PlatformRoles.Applicant ? DataSource.Applicant : DataSource.Officer,
                    user.SubjectOrAnonymous(),
                    uscc.Warnings,
                    now);
                db.Organizations.Add(organization);
                db.AddIntegrationEvent(new OrganizationRegistered
                {
                    Uscc = organization.Uscc,
                    Name = organization.Name,
                    LegalForm = ProtoEnumName(organization.LegalForm),
                    RegisteredDistrictCode = organization.RegisteredDistrictCode,
                    Version = organization.Version,
                    OccurredAt = now,
                    Actor = user.SubjectOrAnonymous(),
                    ActorRole = role,
                });
                return ToProto(organization);
            });
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "organizations" })
        {
            // Another request registered the same USCC between our check and our insert.
            throw AlreadyRegistered(uscc.Normalized);
        }
    }

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor}")]
    public override async Task<Organization> GetOrganization(GetOrganizationRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var uscc = (request.Uscc ?? string.Empty).Trim().ToUpperInvariant();
        var organization = user.RoleOrNone() == PlatformRoles.Applicant && !string.Equals(user.OrganizationUscc(), uscc, StringComparison.Ordinal)
            ? null // another organisation's data does not exist for an applicant
            : await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Uscc == uscc, context.CancellationToken);
        return organization is null
            ? throw RpcErrors.NotFound(ResourceType, uscc, $"No organisation with USCC {uscc}.", $"未找到统一社会信用代码为 {uscc} 的机构。")
            : ToProto(organization);
    }

    private static UsccValidation ValidateRegistration(RegisterOrganizationRequest request)
    {
        var problems = new List<FieldProblem>();
        var uscc = Uscc.Validate(request.Uscc);
        if (!uscc.IsValid)
        {
            problems.Add(new FieldProblem("uscc", uscc.FailureEnglish!, uscc.FailureChinese!));
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems.Add(new FieldProblem("name", "The organisation's name is required.", "机构名称为必填项。"));
        }
        else if (request.Name.Trim().Length > 200)
        {
            problems.Add(new FieldProblem("name", "The name has at most 200 characters.", "机构名称最多 200 个字符。"));
        }

        if (request.RegisteredAddress.Length > 500)
        {
            problems.Add(new FieldProblem("registeredAddress", "The address has at most 500 characters.", "注册地址最多 500 个字符。"));
        }

        if (!System.Enum.IsDefined(request.LegalForm))
        {
            problems.Add(new FieldProblem("legalForm", "Unknown legal form.", "组织形式无效。"));
        }

        ValidateDistrict(request.RegisteredDistrictCode, "registeredDistrictCode", problems);
        ValidateDistrict(request.TaxDistrictCode, "taxDistrictCode", problems);
        return problems.Count > 0 ? throw RpcErrors.InvalidArgument(problems) : uscc;
    }

    private static void ValidateDistrict(string code, string field, List<FieldProblem> problems)
    {
        var trimmed = code.Trim();
        if (trimmed.Length > 0 && (trimmed.Length != 6 || !trimmed.All(char.IsAsciiDigit)))
        {
            problems.Add(new FieldProblem(field, "A district code is 6 digits (GB/T 2260), e.g. 310101.", "行政区划代码为 6 位数字（GB/T 2260），如 310101。"));
        }
    }

    /// <summary>District data comes from the market-supervision and tax records, not from the applicant (403 naming the field).</summary>
    private static void RefuseBureauOwnedFields(RegisterOrganizationRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.RegisteredDistrictCode))
        {
            throw BureauOwned("registeredDistrictCode");
        }

        if (!string.IsNullOrWhiteSpace(request.TaxDistrictCode))
        {
            throw BureauOwned("taxDistrictCode");
        }
    }

    private static RpcException BureauOwned(string field) =>
        RpcErrors.PermissionDenied("BUREAU_OWNED_FIELD", $"'{field}' is maintained by the bureaus and cannot be set by an applicant.", $"“{field}”由主管部门维护，申请单位不得填写。", field);

    private static RpcException AlreadyRegistered(string uscc) =>
        RpcErrors.AlreadyExists(ResourceType, uscc, $"An organisation with USCC {uscc} is already registered; correct it with PATCH.", $"统一社会信用代码 {uscc} 已登记；如需更正请使用 PATCH。");

    /// <summary>The proto name (<c>LEGAL_FORM_LEGAL_ENTITY</c>), as the contract's JSON spells it.</summary>
    internal static string ProtoEnumName(DomainLegalForm legalForm) =>
        LegalFormDescriptor.FindValueByNumber((int)legalForm)?.Name ?? legalForm.ToString();

    private static readonly EnumDescriptor LegalFormDescriptor =
        RegistryReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(ProtoLegalForm));

    internal static Organization ToProto(Domain.Organization organization)
    {
        var answer = new Organization
        {
            Uscc = organization.Uscc,
            Name = organization.Name,
            LegalForm = (ProtoLegalForm)organization.LegalForm,
            RegisteredAddress = organization.RegisteredAddress,
            RegisteredDistrictCode = organization.RegisteredDistrictCode,
            TaxDistrictCode = organization.TaxDistrictCode,
            Version = organization.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(organization.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(organization.UpdatedAt),
        };
        answer.Warnings.AddRange(organization.Warnings);
        return answer;
    }
}
