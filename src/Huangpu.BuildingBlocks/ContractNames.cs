using System.Text.Json;

namespace Huangpu.BuildingBlocks;

/// <summary>How a domain enum's value is named in the contract: its name in upper snake case (e.g. WrittenOff → WRITTEN_OFF).</summary>
public static class ContractNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());
}
