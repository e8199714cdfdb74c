using Huangpu.BuildingBlocks.Hosting;
using Npgsql;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Repeated_statements_are_prepared_pools_are_small_and_pooled_connections_are_not_reset()
    {
        var settings = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Database=registry;Username=postgres"));

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(32, settings.MaxPoolSize);
        Assert.Equal("registry", settings.Database);
    }

    [Fact]
    public void Settings_given_in_the_connection_string_are_kept()
    {
        var settings = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Max Auto Prepare=8;Auto Prepare Min Usages=5;Maximum Pool Size=64"));

        Assert.Equal(8, settings.MaxAutoPrepare);
        Assert.Equal(5, settings.AutoPrepareMinUsages);
        Assert.Equal(64, settings.MaxPoolSize);
    }

    [Fact]
    public void The_outbox_dispatcher_has_a_pool_of_its_own_on_the_same_database()
    {
        var service = PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Database=applications;Username=postgres")!;
        var outbox = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.OutboxConnection(service));

        Assert.NotEqual(service, outbox.ConnectionString); // another connection string is another Npgsql pool
        Assert.Equal("applications", outbox.Database);
        Assert.Equal(2, outbox.MaxPoolSize);
        Assert.Equal("outbox-dispatcher", outbox.ApplicationName);
    }

    [Fact]
    public void No_connection_string_stays_none() =>
        Assert.Null(PlatformServiceExtensions.WithConnectionDefaults(null));
}
