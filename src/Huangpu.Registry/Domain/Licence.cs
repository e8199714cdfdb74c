namespace Huangpu.Registry.Domain;

/// <summary>
/// A qualification held over a period (人力资源服务许可证, 备案, 劳务派遣经营许可证): valid on D when
/// validFrom ≤ D ≤ validTo (both inclusive); a filing without an end date stays valid.
/// </summary>
public sealed record Licence(string Number, string Issuer, DateOnly ValidFrom, DateOnly? ValidTo)
{
    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || date <= ValidTo);
}
