using Huangpu.Registry.Grpc;

namespace Huangpu.Registry.Tests;

public sealed class ProtoMappingTests
{
    [Theory]
    [InlineData(2026, 6, 1, "2026-06-01")]
    [InlineData(2024, 12, 31, "2024-12-31")]
    [InlineData(5, 1, 9, "0005-01-09")]
    public void Dates_are_written_as_YYYY_MM_DD(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, ProtoMapping.Format(new DateOnly(year, month, day)));
    }

    [Fact]
    public void No_date_is_written_as_an_empty_string()
    {
        Assert.Equal(string.Empty, ProtoMapping.Format(null));
    }
}
