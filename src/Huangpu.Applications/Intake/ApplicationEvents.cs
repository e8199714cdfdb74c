using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Contracts.Applications;

namespace Huangpu.Applications.Intake;

/// <summary>One ApplicationTransitioned per new history step, staged in the outbox with the change itself.</summary>
internal static class ApplicationEvents
{
    public static void Record(ApplicationsDbContext db, Application application, int stepsBefore, DateTimeOffset now)
    {
        foreach (var step in application.Lifecycle.History.Skip(stepsBefore))
        {
            db.AddIntegrationEvent(new ApplicationTransitioned
            {
                OccurredAt = now,
                Actor = step.Actor,
                ActorRole = step.Role,
                ApplicationId = application.Id,
                OrganizationUscc = application.OrganizationUscc,
                PolicyId = application.PolicyId,
                ItemCode = application.ItemCode,
                Action = step.Action,
                From = step.From.ContractName(),
                To = step.To.ContractName(),
                Version = application.Version,
                Reason = step.Reason,
                ProjectDocumentSha256s = step.To == ApplicationStatus.Submitted
                    ? [.. application.Documents.Where(d => d.Scope == DocumentScope.Project).Select(d => d.Sha256)]
                    : [],
            });
        }
    }

    /// <summary>The eligibility answer a step of the application rested on (<see cref="EligibilityChecked"/>).</summary>
    public static void EligibilityChecked(ApplicationsDbContext db, Application application, string step, DateOnly asOf, EligibilityAnswer answer, Actor by, DateTimeOffset now) =>
        db.AddIntegrationEvent(new EligibilityChecked
        {
            ApplicationId = application.Id,
            OrganizationUscc = application.OrganizationUscc,
            Step = step,
            AsOf = asOf,
            Eligible = answer.Eligible,
            FailedRules = [.. answer.Failures.Select(f => f.Code)],
            OrganizationVersion = answer.OrganizationVersion,
            RulesVersion = answer.RulesVersion,
            OccurredAt = now,
            Actor = by.Subject,
            ActorRole = by.Role,
        });

    /// <summary>The application is declined (by the panel, joint review or an upheld objection): ApplicationDeclined with the reason.</summary>
    public static void Declined(ApplicationsDbContext db, Application application, string reason, Actor by, DateTimeOffset now) =>
        db.AddIntegrationEvent(new ApplicationDeclined
        {
            ApplicationId = application.Id,
            OrganizationUscc = application.OrganizationUscc,
            PolicyId = application.PolicyId,
            ItemCode = application.ItemCode,
            Reason = reason,
            OccurredAt = now,
            Actor = by.Subject,
            ActorRole = by.Role,
        });
}
