using Huangpu.Grpc.ExpertReview.V1;
using Microsoft.AspNetCore.Authorization;

namespace Huangpu.ExpertReview.Grpc;

[Authorize]
public sealed class ExpertReviewGrpcService : ExpertReviewService.ExpertReviewServiceBase;
