using Huangpu.BuildingBlocks.Hosting;
using Npgsql;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Repeated_statements_are_prepared_and_pooled_connections_are_not_reset()
    {
        var settings = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithPreparedStatements("Host=127.0.0.1;Database=registry;Username=postgres"));

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal("registry", settings.Database);
    }

    [Fact]
    public void A_max_auto_prepare_set_in_the_connection_string_is_kept()
    {
        var settings = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithPreparedStatements("Host=127.0.0.1;Max Auto Prepare=8;Auto Prepare Min Usages=5"));

        Assert.Equal(8, settings.MaxAutoPrepare);
        Assert.Equal(5, settings.AutoPrepareMinUsages);
    }

    [Fact]
    public void No_connection_string_stays_none() =>
        Assert.Null(PlatformServiceExtensions.WithPreparedStatements(null));
}
