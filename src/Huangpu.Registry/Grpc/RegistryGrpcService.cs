using System.Globalization;
using System.Security.Claims;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auditing;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Registry;
using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Feeds;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Proto = Huangpu.Grpc.Registry.V1;

namespace Huangpu.Registry.Grpc;

/// <summary>
/// Thin gRPC surface of the Registry: authorises and validates, maps proto ↔ domain, translates errors. Built
/// for every call; the database and what works on it are taken from the call's scope only when a method uses
/// them, so an eligibility answer from the cache leases no DbContext.
/// </summary>
[Authorize]
public sealed class RegistryGrpcService(
    Deferred<RegistryDbContext> database,
    Deferred<IdempotencyGate> idempotencyGate,
    Deferred<FeedProcessor> feedProcessor,
    EligibilityService eligibility,
    PersonIdHasher hasher,
    PolicyCalendar calendar) : Proto.RegistryService.RegistryServiceBase
{
    private const string ResourceType = "huangpu.registry.v1.Organization";

    private RegistryDbContext Db => database.Value;

    private IdempotencyGate Idempotency => idempotencyGate.Value;

    private FeedProcessor Feeds => feedProcessor.Value;

    /// <summary>The fields an applicant may set on its own organisation; the rest are the bureaus' (403 naming the field).</summary>
    private static readonly string[] ApplicantFields = ["uscc", "name", "registeredAddress", "contact", "expectedVersion", "requestId"];

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant}")]
    public override async Task<Proto.Organization> RegisterOrganization(Proto.RegisterOrganizationRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var role = user.RoleOrNone();
        var mapping = new ProtoMapping(hasher);
        var uscc = mapping.Uscc(request.Uscc);

        var patch = RegistrationPatch(request, mapping);
        mapping.ThrowIfInvalid();
        if (role == PlatformRoles.Applicant)
        {
            RefuseBureauFields(request);
            if (!string.Equals(user.OrganizationUscc(), uscc.Normalized, StringComparison.Ordinal))
            {
                throw RpcErrors.PermissionDenied("NOT_OWN_ORGANIZATION", "An applicant registers only its own organisation.", "申请单位只能登记本单位。", "uscc");
            }
        }

        try
        {
            return await Idempotency.RunAsync(context, "registry.RegisterOrganization", request, request.RequestId, async ct =>
            {
                if (await Db.Organizations.AnyAsync(o => o.Uscc == uscc.Normalized, ct))
                {
                    throw AlreadyRegistered(uscc.Normalized);
                }

                var now = calendar.Now();
                var by = Provenance(user);
                var organization = Organization.Register(uscc.Normalized, patch, by, uscc.Warnings, now);
                Db.Organizations.Add(organization);
                Db.AddIntegrationEvent(RegistryEvents.Registered(organization, now, by));
                // Credit records that arrived before the organisation apply from now on.
                var credit = await Db.CreditRecords.AsNoTracking().Where(c => c.Uscc == organization.Uscc).ToListAsync(ct);
                return ProtoMapping.ToProto(organization, credit);
            });
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "organizations" })
        {
            // Another request registered the same USCC between our check and our insert.
            throw AlreadyRegistered(uscc.Normalized);
        }
    }

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor},{PlatformRoles.Service}")]
    public override async Task<Proto.Organization> GetOrganization(Proto.GetOrganizationRequest request, ServerCallContext context)
    {
        var uscc = VisibleUscc(request.Uscc, context);
        var organization = await Db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Uscc == uscc, context.CancellationToken)
            ?? throw NotFound(uscc);
        var credit = await Db.CreditRecords.AsNoTracking().Where(c => c.Uscc == uscc).OrderBy(c => c.ListedOn).ToListAsync(context.CancellationToken);
        return ProtoMapping.ToProto(organization, credit);
    }

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant}")]
    public override async Task<Proto.Organization> UpdateOrganization(Proto.UpdateOrganizationRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var uscc = VisibleUscc(request.Uscc, context);
        var mapping = new ProtoMapping(hasher);
        var patch = UpdatePatch(request, mapping);
        mapping.ThrowIfInvalid();
        if (user.RoleOrNone() == PlatformRoles.Applicant)
        {
            RefuseBureauFields(request);
        }

        try
        {
            return await Idempotency.RunAsync(context, "registry.UpdateOrganization", request, request.RequestId, async ct =>
            {
                var organization = await Db.Organizations.SingleOrDefaultAsync(o => o.Uscc == uscc, ct) ?? throw NotFound(uscc);
                if (request.ExpectedVersion != 0 && request.ExpectedVersion != organization.Version)
                {
                    throw StaleVersion(organization.Version);
                }

                var now = calendar.Now();
                var by = Provenance(user);
                var changed = organization.Apply(patch, by, now);
                if (changed.Count > 0)
                {
                    Db.AddIntegrationEvent(new OrganizationChanged
                    {
                        Uscc = uscc,
                        ChangedFields = changed,
                        Version = organization.Version,
                        OccurredAt = now,
                        Actor = by.Actor,
                        ActorRole = by.ActorRole,
                    });
                }

                var credit = await Db.CreditRecords.AsNoTracking().Where(c => c.Uscc == uscc).ToListAsync(ct);
                return ProtoMapping.ToProto(organization, credit);
            });
        }
        catch (DbUpdateConcurrencyException)
        {
            throw StaleVersion(null);
        }
    }

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor}")]
    public override async Task<Proto.ListOrganizationChangesResponse> ListOrganizationChanges(Proto.ListOrganizationChangesRequest request, ServerCallContext context)
    {
        var uscc = VisibleUscc(request.Uscc, context);
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterInt64(request.PageToken);
        if (!await Db.Organizations.AnyAsync(o => o.Uscc == uscc, context.CancellationToken))
        {
            throw NotFound(uscc);
        }
        var page = await Db.FieldChanges.AsNoTracking()
            .Where(c => c.Uscc == uscc && c.Id > after)
            .OrderBy(c => c.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, c => Paging.Token(c.Id));
        var response = new Proto.ListOrganizationChangesResponse { NextPageToken = next };
        response.Changes.AddRange(items.Select(c => new Proto.FieldChange
        {
            Field = c.Field,
            OldValue = c.OldValue ?? string.Empty,
            NewValue = c.NewValue ?? string.Empty,
            Source = (Proto.DataSource)c.Source,
            Actor = c.Actor,
            ActorRole = c.ActorRole,
            SourceRecordId = c.SourceRecordId ?? string.Empty,
            ChangedAt = Timestamp.FromDateTimeOffset(c.ChangedAt),
            Version = c.Version,
        }));
        return response;
    }

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant},{PlatformRoles.ComplianceOfficer}")]
    public override async Task<Proto.ContactPerson> GetOrganizationContact(Proto.GetOrganizationContactRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var uscc = VisibleUscc(request.Uscc, context);
        await using var transaction = await Db.Database.BeginTransactionAsync(context.CancellationToken);
        var contact = await Db.Organizations.AsNoTracking().Where(o => o.Uscc == uscc).Select(o => new { o.Contact }).SingleOrDefaultAsync(context.CancellationToken)
            ?? throw NotFound(uscc);
        // The read of personal information and its audit record commit together.
        Db.AddIntegrationEvent(new OrganizationContactRead
        {
            Uscc = uscc,
            OccurredAt = calendar.Now(),
            Actor = user.SubjectOrAnonymous(),
            ActorRole = user.RoleOrNone(),
        });
        await Db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        return contact.Contact is null ? new Proto.ContactPerson() : ProtoMapping.ToProto(contact.Contact);
    }

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.Applicant},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor},{PlatformRoles.JointReviewer},{PlatformRoles.Finance},{PlatformRoles.Service}")]
    public override async Task<Proto.EligibilityResult> CheckEligibility(Proto.CheckEligibilityRequest request, ServerCallContext context)
    {
        var uscc = VisibleUscc(request.Uscc, context);
        var mapping = new ProtoMapping(hasher);
        // An omitted asOf is today in Asia/Shanghai, the policy's calendar.
        var asOf = mapping.Date(request.AsOf, "asOf") ?? calendar.Today();
        mapping.ThrowIfInvalid();
        var outcome = await eligibility.CheckAsync(uscc, asOf, context.CancellationToken) ?? throw NotFound(uscc);
        var result = new Proto.EligibilityResult
        {
            Uscc = uscc,
            AsOf = ProtoMapping.Format(asOf),
            Eligible = outcome.FailedRules.Count == 0,
            OrganizationVersion = outcome.Version,
            RulesVersion = eligibility.RulesVersion,
        };
        result.FailedRules.AddRange(outcome.FailedRules.Select(r => new Proto.EligibilityFailedRule { Code = r.Code, MessageZh = r.MessageZh, MessageEn = r.MessageEn }));
        return result;
    }

    [Authorize(Roles = $"{PlatformRoles.CaseOfficer},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor},{PlatformRoles.Service}")]
    public override async Task<Proto.ListOrganizationLinksResponse> ListOrganizationLinks(Proto.ListOrganizationLinksRequest request, ServerCallContext context)
    {
        var uscc = VisibleUscc(request.Uscc, context);
        var links = await new OrganizationLinkQuery(Db).FindAsync(uscc, context.CancellationToken) ?? throw NotFound(uscc);
        var response = new Proto.ListOrganizationLinksResponse { Uscc = uscc };
        response.Links.AddRange(links.Select(l =>
        {
            var link = new Proto.OrganizationLink { Uscc = l.Uscc };
            link.Reasons.AddRange(l.Reasons);
            return link;
        }));
        return response;
    }

    [Authorize(Roles = $"{PlatformRoles.PartnerBureau},{PlatformRoles.CaseOfficer}")]
    public override async Task<Proto.CreditRecord> AddCreditRecord(Proto.AddCreditRecordRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        RequireBureau(user, PartnerBureaus.Credit);
        var item = CreditItem(request, 0);
        if (item.Problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(item.Problems);
        }

        return await Idempotency.RunAsync(context, "registry.AddCreditRecord", request, string.Empty, async ct =>
        {
            var now = calendar.Now();
            var result = (await Feeds.StageCreditRecordsAsync([item], Provenance(user), now, ct)).Single();
            if (result.Outcome == FeedOutcome.Invalid)
            {
                throw RpcErrors.AlreadyExists("huangpu.registry.v1.CreditRecord", item.SourceRecordId, string.Join("; ", result.Problems), "该来源记录编号已用于另一机构。");
            }

            var registered = await Db.Organizations.AnyAsync(o => o.Uscc == item.Uscc, ct);
            return ProtoMapping.ToProto(item.Value!, registered);
        });
    }

    [Authorize(Roles = PlatformRoles.PartnerBureau)]
    public override async Task<Proto.FeedResponse> SubmitRegistrationRecords(Proto.SubmitRegistrationRecordsRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        RequireBureau(user, PartnerBureaus.MarketSupervision);
        var items = request.Records.Select(RegistrationItem).ToList();
        return await CommitFeedAsync(context, "registry.SubmitRegistrationRecords", request, now => Feeds.StageRegistrationRecordsAsync(items, PartnerBureaus.MarketSupervision, Provenance(user), now, context.CancellationToken));
    }

    [Authorize(Roles = PlatformRoles.PartnerBureau)]
    public override async Task<Proto.FeedResponse> SubmitCreditRecords(Proto.SubmitCreditRecordsRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        RequireBureau(user, PartnerBureaus.Credit);
        var items = request.Records.Select(CreditItem).ToList();
        return await CommitFeedAsync(context, "registry.SubmitCreditRecords", request, now => Feeds.StageCreditRecordsAsync(items, Provenance(user), now, context.CancellationToken));
    }

    /// <summary>
    /// A whole batch commits in one transaction: every valid item with its events, or nothing. Each item is
    /// idempotent on its source record id; an Idempotency-Key makes the whole call so, answering a resent batch
    /// with the first answer.
    /// </summary>
    private Task<Proto.FeedResponse> CommitFeedAsync<TRequest>(ServerCallContext context, string operation, TRequest request, Func<DateTimeOffset, Task<IReadOnlyList<FeedItemResult>>> stage)
        where TRequest : IMessage<TRequest> =>
        Idempotency.RunAsync(context, operation, request, string.Empty, async _ => FeedResponse(await stage(calendar.Now())));

    private FeedItem<RegistrationData> RegistrationItem(Proto.RegistrationRecord record, int index)
    {
        var mapping = new ProtoMapping(hasher);
        var uscc = mapping.Uscc(record.Uscc);

        var sourceRecordId = mapping.Text(record.SourceRecordId, "sourceRecordId", 200, required: true);
        var patch = new OrganizationPatch
        {
            Name = new(mapping.Text(record.Name, "name", 200, required: true)),
            LegalForm = new(mapping.Enum<LegalForm, Proto.LegalForm>(record.LegalForm, "legalForm")),
            RegisteredAddress = new(mapping.Text(record.RegisteredAddress, "registeredAddress", 500)),
            RegisteredDistrictCode = new(mapping.District(record.RegisteredDistrictCode, "registeredDistrictCode")),
            RegistrationStatus = new(mapping.Enum<RegistrationStatus, Proto.RegistrationStatus>(record.RegistrationStatus, "registrationStatus")),
            RegistrationStatusSince = new(mapping.Date(record.RegistrationStatusSince, "registrationStatusSince")),
            AbnormalListings = new(mapping.Listings(record.AbnormalListings, "abnormalListings")),
            LegalRepresentative = new(mapping.Person(record.LegalRepresentative, "legalRepresentative")),
            Shareholders = new(mapping.People(record.Shareholders, "shareholders")),
            SeniorManagers = new(mapping.People(record.SeniorManagers, "seniorManagers")),
        };
        var problems = mapping.Problems;
        return new FeedItem<RegistrationData>(index, sourceRecordId, uscc.Normalized, problems.Count == 0 ? new RegistrationData(patch, uscc.Warnings) : null, problems, ContentHash(record));
    }

    private FeedItem<CreditRecord> CreditItem(Proto.AddCreditRecordRequest record, int index)
    {
        var mapping = new ProtoMapping(hasher);
        var uscc = mapping.Uscc(record.Uscc);

        var sourceRecordId = mapping.Text(record.SourceRecordId, "sourceRecordId", 200, required: true);
        var kind = mapping.Enum<CreditRecordKind, Proto.CreditRecordKind>(record.Kind, "kind");
        if (kind == CreditRecordKind.Unspecified)
        {
            mapping.Problem("kind", "The kind of record is required.", "记录类型为必填项。");
        }

        var listed = mapping.Date(record.ListedOn, "listedOn", required: true);
        var removed = mapping.Date(record.RemovedOn, "removedOn");
        if (listed is not null && removed is not null && removed < listed)
        {
            mapping.Problem("removedOn", "removedOn is before listedOn.", "移出日期早于列入日期。");
        }

        var authority = mapping.Text(record.Authority, "authority", 200);
        var documentNumber = mapping.Text(record.DocumentNumber, "documentNumber", 200);
        var problems = mapping.Problems;
        var value = problems.Count > 0 ? null : new CreditRecord
        {
            SourceRecordId = sourceRecordId,
            Uscc = uscc.Normalized,
            Kind = kind,
            ListedOn = listed!.Value,
            RemovedOn = removed,
            Authority = authority,
            DocumentNumber = documentNumber,
        };
        return new FeedItem<CreditRecord>(index, sourceRecordId, uscc.Normalized, value, problems, ContentHash(record));
    }

    private static OrganizationPatch RegistrationPatch(Proto.RegisterOrganizationRequest r, ProtoMapping m) => new()
    {
        Name = new(m.Text(r.Name, "name", 200, required: true)),
        LegalForm = new(m.Enum<LegalForm, Proto.LegalForm>(r.LegalForm, "legalForm")),
        RegisteredAddress = new(m.Text(r.RegisteredAddress, "registeredAddress", 500)),
        RegisteredDistrictCode = new(m.District(r.RegisteredDistrictCode, "registeredDistrictCode")),
        TaxDistrictCode = new(m.District(r.TaxDistrictCode, "taxDistrictCode")),
        RegistrationStatus = new(m.Enum<RegistrationStatus, Proto.RegistrationStatus>(r.RegistrationStatus, "registrationStatus")),
        RegistrationStatusSince = new(m.Date(r.RegistrationStatusSince, "registrationStatusSince")),
        HrLicence = new(m.Licence(r.HrLicence, "hrLicence", openEndedAllowed: false)),
        HrFiling = new(m.Licence(r.HrFiling, "hrFiling", openEndedAllowed: true)),
        LabourDispatchLicence = new(m.Licence(r.LabourDispatchLicence, "labourDispatchLicence", openEndedAllowed: false)),
        IndustryDirectionConfirmed = r.HasIndustryDirectionConfirmed ? new(r.IndustryDirectionConfirmed) : null,
        IndustryDirectionNote = new(m.Text(r.IndustryDirectionNote, "industryDirectionNote", 1000)),
        LegalRepresentative = new(m.Person(r.LegalRepresentative, "legalRepresentative")),
        Shareholders = new(m.People(r.Shareholders, "shareholders")),
        SeniorManagers = new(m.People(r.SeniorManagers, "seniorManagers")),
        Contact = new(m.Contact(r.Contact)),
    };

    private static OrganizationPatch UpdatePatch(Proto.UpdateOrganizationRequest r, ProtoMapping m) => new()
    {
        Name = r.HasName ? new(m.Text(r.Name, "name", 200, required: true)) : null,
        LegalForm = r.HasLegalForm ? new(m.Enum<LegalForm, Proto.LegalForm>(r.LegalForm, "legalForm")) : null,
        RegisteredAddress = r.HasRegisteredAddress ? new(m.Text(r.RegisteredAddress, "registeredAddress", 500)) : null,
        RegisteredDistrictCode = r.HasRegisteredDistrictCode ? new(m.District(r.RegisteredDistrictCode, "registeredDistrictCode")) : null,
        TaxDistrictCode = r.HasTaxDistrictCode ? new(m.District(r.TaxDistrictCode, "taxDistrictCode")) : null,
        RegistrationStatus = r.HasRegistrationStatus ? new(m.Enum<RegistrationStatus, Proto.RegistrationStatus>(r.RegistrationStatus, "registrationStatus")) : null,
        RegistrationStatusSince = r.HasRegistrationStatusSince ? new(m.Date(r.RegistrationStatusSince, "registrationStatusSince")) : null,
        HrLicence = r.HrLicence is null ? null : new(m.Licence(r.HrLicence, "hrLicence", openEndedAllowed: false)),
        HrFiling = r.HrFiling is null ? null : new(m.Licence(r.HrFiling, "hrFiling", openEndedAllowed: true)),
        LabourDispatchLicence = r.LabourDispatchLicence is null ? null : new(m.Licence(r.LabourDispatchLicence, "labourDispatchLicence", openEndedAllowed: false)),
        IndustryDirectionConfirmed = r.HasIndustryDirectionConfirmed ? new(r.IndustryDirectionConfirmed) : null,
        IndustryDirectionNote = r.HasIndustryDirectionNote ? new(m.Text(r.IndustryDirectionNote, "industryDirectionNote", 1000)) : null,
        LegalRepresentative = r.LegalRepresentative is null ? null : new(m.Person(r.LegalRepresentative, "legalRepresentative")),
        Shareholders = r.ReplaceShareholders || r.Shareholders.Count > 0 ? new(m.People(r.Shareholders, "shareholders")) : null,
        SeniorManagers = r.ReplaceSeniorManagers || r.SeniorManagers.Count > 0 ? new(m.People(r.SeniorManagers, "seniorManagers")) : null,
        Contact = r.Contact is null ? null : new(m.Contact(r.Contact)),
    };

    /// <summary>An applicant may send only its name, address and contact; any other field set is refused naming it.</summary>
    private static void RefuseBureauFields(IMessage request)
    {
        foreach (var field in request.Descriptor.Fields.InFieldNumberOrder())
        {
            if (ApplicantFields.Contains(field.JsonName))
            {
                continue;
            }

            var value = field.Accessor.GetValue(request);
            var present = field.HasPresence ? field.Accessor.HasValue(request) : field.IsRepeated
                ? ((System.Collections.IList)value).Count > 0
                : value switch
                {
                    string s => s.Length > 0,
                    bool b => b,
                    System.Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture) != 0,
                    long l => l != 0,
                    _ => value is not null,
                };
            if (present)
            {
                throw RpcErrors.PermissionDenied(
                    "BUREAU_OWNED_FIELD",
                    $"'{field.JsonName}' is maintained by the bureaus and cannot be set by an applicant.",
                    $"“{field.JsonName}”由主管部门维护，申请单位不得填写。",
                    field.JsonName);
            }
        }
    }

    private static void RequireBureau(ClaimsPrincipal user, string bureau)
    {
        if (user.RoleOrNone() == PlatformRoles.PartnerBureau && user.Bureau() != bureau)
        {
            throw RpcErrors.PermissionDenied("NOT_OWN_FEED", $"Only the {bureau} bureau writes this feed.", $"仅 {bureau} 部门可写入此数据。");
        }
    }

    /// <summary>The normalised USCC of the path; another organisation's data does not exist for an applicant (404).</summary>
    private static string VisibleUscc(string value, ServerCallContext context)
    {
        var uscc = (value ?? string.Empty).Trim().ToUpperInvariant();
        var user = context.GetHttpContext().User;
        if (user.RoleOrNone() == PlatformRoles.Applicant && !string.Equals(user.OrganizationUscc(), uscc, StringComparison.Ordinal))
        {
            ApiCall.RefuseAccess(uscc, "another organisation's record");
            throw NotFound(uscc);
        }

        return uscc;
    }

    private static Provenance Provenance(ClaimsPrincipal user)
    {
        var role = user.RoleOrNone();
        var source = role switch
        {
            PlatformRoles.Applicant => DataSource.Applicant,
            PlatformRoles.PartnerBureau => DataSource.PartnerFeed,
            _ => DataSource.Officer,
        };
        var actor = role == PlatformRoles.PartnerBureau ? $"{user.Bureau()}:{user.SubjectOrAnonymous()}" : user.SubjectOrAnonymous();
        return new Provenance(source, actor, role);
    }

    private static byte[] ContentHash(IMessage record) => System.Security.Cryptography.SHA256.HashData(record.ToByteArray());

    private static Proto.FeedResponse FeedResponse(IReadOnlyList<FeedItemResult> results)
    {
        var response = new Proto.FeedResponse();
        foreach (var r in results)
        {
            var item = new Proto.FeedItemResult { Index = r.Index, SourceRecordId = r.SourceRecordId, Uscc = r.Uscc, Outcome = (Proto.FeedOutcome)r.Outcome };
            item.Problems.AddRange(r.Problems);
            response.Results.Add(item);
        }

        response.Applied = results.Count(r => r.Outcome == FeedOutcome.Applied);
        response.Unchanged = results.Count(r => r.Outcome == FeedOutcome.Unchanged);
        response.Duplicates = results.Count(r => r.Outcome == FeedOutcome.DuplicateInBatch);
        response.Invalid = results.Count(r => r.Outcome == FeedOutcome.Invalid);
        return response;
    }

    private static RpcException NotFound(string uscc) =>
        RpcErrors.NotFound(ResourceType, uscc, $"No organisation with USCC {uscc}.", $"未找到统一社会信用代码为 {uscc} 的机构。");

    private static RpcException AlreadyRegistered(string uscc) =>
        RpcErrors.AlreadyExists(ResourceType, uscc, $"An organisation with USCC {uscc} is already registered; correct it with PATCH.", $"统一社会信用代码 {uscc} 已登记；如需更正请使用 PATCH。");

    private static RpcException StaleVersion(long? current) => RpcErrors.Aborted(
        "STALE_VERSION",
        current is null ? "The organisation changed meanwhile; read it again." : $"The organisation is at version {current}; read it again.",
        current is null ? "机构信息已被修改，请重新读取。" : $"机构信息当前版本为 {current}，请重新读取。");
}
