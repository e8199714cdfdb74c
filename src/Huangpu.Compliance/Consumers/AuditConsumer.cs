using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Registry;
using MassTransit;

namespace Huangpu.Compliance.Consumers;

/// <summary>Files every integration event in the audit trail, once per message (inbox).</summary>
public sealed class AuditConsumer(ComplianceDbContext db, AuditTrail trail, TimeProvider clock) :
    IConsumer<OrganizationRegistered>,
    IConsumer<OrganizationChanged>,
    IConsumer<CreditStatusChanged>,
    IConsumer<OrganizationContactRead>,
    IConsumer<ApplicationTransitioned>
{
    public Task Consume(ConsumeContext<OrganizationRegistered> context) => AuditAsync(context, context.Message);

    public Task Consume(ConsumeContext<OrganizationChanged> context) => AuditAsync(context, context.Message);

    public Task Consume(ConsumeContext<CreditStatusChanged> context) => AuditAsync(context, context.Message);

    public Task Consume(ConsumeContext<OrganizationContactRead> context) => AuditAsync(context, context.Message);

    public Task Consume(ConsumeContext<ApplicationTransitioned> context) => AuditAsync(context, context.Message);

    private async Task AuditAsync(ConsumeContext context, IntegrationEvent integrationEvent)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("An integration event without a MessageId cannot be audited once.");
        await db.ApplyOnceAsync(
            messageId,
            nameof(AuditConsumer),
            clock.GetUtcNow(),
            ct => trail.AppendAsync(integrationEvent, messageId, ct),
            context.CancellationToken);
    }
}
