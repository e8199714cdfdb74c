namespace Huangpu.AppHost;

/// <summary>
/// A server run as a local process that is also its own connection string, so services reference it by
/// the same name (<c>ConnectionStrings__rabbitmq</c>, <c>ConnectionStrings__redis</c>) as a container would give.
/// </summary>
internal sealed class LocalServerResource(string name, string command, string workingDirectory, Func<LocalServerResource, ReferenceExpression> connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => connectionString(this);
}
