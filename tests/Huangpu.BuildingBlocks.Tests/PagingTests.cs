using Grpc.Core;
using Huangpu.BuildingBlocks.Errors;

namespace Huangpu.BuildingBlocks.Tests;

/// <summary>AIP-158 paging as every service applies it.</summary>
public sealed class PagingTests
{
    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 1)]
    [InlineData(500, 500)]
    [InlineData(501, 500)]
    [InlineData(int.MaxValue, 500)]
    public void A_page_size_of_zero_is_the_default_and_above_the_maximum_is_the_maximum(int requested, int used) =>
        Assert.Equal(used, Paging.PageSize(requested));

    [Fact]
    public void A_negative_page_size_is_refused_naming_the_field()
    {
        var refused = Assert.Throws<RpcException>(() => Paging.PageSize(-1));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("pageSize", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(9_876_543_210L)]
    public void Sequence_tokens_round_trip(long sequence) =>
        Assert.Equal(sequence, Paging.AfterInt64(Paging.Token(sequence)));

    [Fact]
    public void Id_tokens_round_trip_and_an_empty_token_is_the_first_page()
    {
        var id = Guid.CreateVersion7();
        Assert.Equal(id, Paging.AfterGuid(Paging.Token(id)));
        Assert.Null(Paging.AfterGuid(string.Empty));
        Assert.Equal(0, Paging.AfterInt64(string.Empty));
    }

    [Theory]
    [InlineData("not-a-token!")]
    [InlineData("LTE")] // "-1"
    public void A_foreign_page_token_is_invalid_argument(string token)
    {
        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<RpcException>(() => Paging.AfterInt64(token)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<RpcException>(() => Paging.AfterGuid(token)).StatusCode);
    }

    [Fact]
    public void The_next_token_continues_after_the_last_item_of_a_full_page_and_is_empty_on_the_last_page()
    {
        var (items, next) = Paging.Page([1L, 2L, 3L], 2, i => Paging.Token(i));
        Assert.Equal([1L, 2L], items);
        Assert.Equal(2L, Paging.AfterInt64(next));
        Assert.Equal(string.Empty, Paging.Page([1L, 2L], 2, i => Paging.Token(i)).NextPageToken);
    }
}
