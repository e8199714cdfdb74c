using Huangpu.Registry.Domain;

namespace Huangpu.Registry.Tests;

public sealed class OrganizationTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 10, 1, 0, 0, TimeSpan.Zero);
    private static readonly Provenance Officer = new(DataSource.Officer, "officer-1", "case_officer");

    private static Organization Registered() => Organization.Register(
        "91310000630405061X",
        new OrganizationPatch
        {
            Name = new("上海某某人力资源有限公司"),
            RegisteredDistrictCode = new("310101"),
            Contact = new(new ContactPerson("张三丰", "13812345678")),
        },
        Officer,
        [],
        Now);

    [Fact]
    public void Registration_records_each_set_field_at_version_1()
    {
        var organization = Registered();
        Assert.Equal(1, organization.Version);
        Assert.Equal(["name", "registeredDistrictCode", "contact"], organization.Changes.Select(c => c.Field));
        Assert.All(organization.Changes, c =>
        {
            Assert.Equal(1, c.Version);
            Assert.Equal("officer-1", c.Actor);
            Assert.Equal(DataSource.Officer, c.Source);
        });
    }

    [Fact]
    public void A_correction_records_old_and_new_value_with_its_source_and_bumps_the_version_once()
    {
        var organization = Registered();
        organization.Changes.Clear();
        var feed = new Provenance(DataSource.PartnerFeed, "market_supervision:feed", "partner_bureau", "MS-42");
        var changed = organization.Apply(new OrganizationPatch { Name = new("上海新名称有限公司"), RegisteredAddress = new("淮海中路1号") }, feed, Now.AddDays(1));
        Assert.Equal(["name", "registeredAddress"], changed);
        Assert.Equal(2, organization.Version);
        var name = organization.Changes[0];
        Assert.Equal("上海某某人力资源有限公司", name.OldValue);
        Assert.Equal("上海新名称有限公司", name.NewValue);
        Assert.Equal("MS-42", name.SourceRecordId);
        Assert.Equal(DataSource.PartnerFeed, name.Source);
    }

    [Fact]
    public void Sending_the_same_values_changes_nothing()
    {
        var organization = Registered();
        organization.Changes.Clear();
        var changed = organization.Apply(new OrganizationPatch { Name = new("上海某某人力资源有限公司"), Shareholders = new([]) }, Officer, Now);
        Assert.Empty(changed);
        Assert.Empty(organization.Changes);
        Assert.Equal(1, organization.Version);
    }

    [Fact]
    public void The_history_keeps_the_contact_masked()
    {
        var contact = Registered().Changes.Single(c => c.Field == "contact");
        Assert.DoesNotContain("13812345678", contact.NewValue, StringComparison.Ordinal);
        Assert.DoesNotContain("张三丰", contact.NewValue, StringComparison.Ordinal);
        Assert.Contains("138****5678", contact.NewValue, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirming_the_industry_direction_records_who_judged_it_and_when()
    {
        var organization = Registered();
        organization.Apply(new OrganizationPatch { IndustryDirectionConfirmed = new(true) }, Officer, Now.AddDays(2));
        Assert.True(organization.IndustryDirectionConfirmed);
        Assert.Equal("officer-1", organization.IndustryDirectionJudgedBy);
        Assert.Equal(Now.AddDays(2), organization.IndustryDirectionJudgedAt);
    }

    [Theory]
    [InlineData("张三", "13812345678", "张*", "138****5678")]
    [InlineData("欧阳娜娜", "021-63001234", "欧***", "021*****1234")]
    [InlineData("李", "12345", "李", "*****")]
    public void Contacts_are_masked(string name, string phone, string maskedName, string maskedPhone)
    {
        var masked = new ContactPerson(name, phone).Masked();
        Assert.Equal(maskedName, masked.Name);
        Assert.Equal(maskedPhone, masked.Phone);
    }

    [Fact]
    public void Id_numbers_are_hashed_with_a_key()
    {
        var a = new PersonIdHasher("key-one-key-one-key-one-key-one-!"u8.ToArray());
        var b = new PersonIdHasher("key-two-key-two-key-two-key-two-!"u8.ToArray());
        Assert.Equal(a.Hash("31010119800101001x"), a.Hash(" 31010119800101001X "));
        Assert.NotEqual(a.Hash("31010119800101001X"), b.Hash("31010119800101001X"));
        Assert.DoesNotContain("310101", a.Hash("31010119800101001X"), StringComparison.Ordinal);
    }
}
