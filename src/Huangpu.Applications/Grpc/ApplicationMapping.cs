using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Huangpu.Applications.Disclosure;
using Huangpu.Applications.Domain;
using Huangpu.BuildingBlocks.Errors;
using Proto = Huangpu.Grpc.Applications.V1;

namespace Huangpu.Applications.Grpc;

/// <summary>Applications between protobuf and the domain; input problems are collected, never thrown one by one.</summary>
internal static class ApplicationMapping
{
    public const string ResourceType = "huangpu.applications.v1.Application";
    private const int MaxTitle = 200;
    private const int MaxSummary = 4000;
    private const int MaxDocuments = 50;

    public static Proto.ApplicationStatus ToProto(ApplicationStatus status) => (Proto.ApplicationStatus)(int)status;

    public static ApplicationStatus? FromProto(Proto.ApplicationStatus status) =>
        status == Proto.ApplicationStatus.Unspecified ? null : (ApplicationStatus)(int)status;

    /// <summary>The body of a submission or draft, or every problem with it at once.</summary>
    public static ApplicationContent Content(Proto.SubmitApplicationRequest request)
    {
        var problems = new List<FieldProblem>();
        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        if (uscc.Length != 18)
        {
            problems.Add(new FieldProblem("organizationUscc", "The organisation's 18-character unified social credit code.", "须填写 18 位统一社会信用代码。"));
        }

        if (string.IsNullOrWhiteSpace(request.ItemCode))
        {
            problems.Add(new FieldProblem("itemCode", "Which item of the policy (e.g. 4.2).", "须填写申报项目编号（如 4.2）。"));
        }

        var title = request.Title.Trim();
        if (title.Length is 0 or > MaxTitle)
        {
            problems.Add(new FieldProblem("title", $"A project title of 1 to {MaxTitle} characters.", $"项目名称须为 1 至 {MaxTitle} 个字符。"));
        }

        if (request.Summary.Length > MaxSummary)
        {
            problems.Add(new FieldProblem("summary", $"At most {MaxSummary} characters.", $"项目简介不得超过 {MaxSummary} 个字符。"));
        }

        if (request.RequestedAmountFen < 0)
        {
            problems.Add(new FieldProblem("requestedAmountFen", "An amount in fen, not negative.", "申请金额（分）不得为负数。"));
        }

        ProjectPeriod? period = null;
        if (request.ProjectPeriod is { } p)
        {
            var start = Date(p.Start, "projectPeriod.start", problems);
            var end = Date(p.End, "projectPeriod.end", problems);
            if (start is { } s && end is { } e)
            {
                if (e < s)
                {
                    problems.Add(new FieldProblem("projectPeriod", "The period ends before it starts.", "项目期间的结束日期早于开始日期。"));
                }
                else
                {
                    period = new ProjectPeriod(s, e);
                }
            }
        }

        var declaration = request.Declaration is { } d ? Declaration(d, problems) : null;

        var documents = new List<DocumentRef>();
        if (request.Documents.Count > MaxDocuments)
        {
            problems.Add(new FieldProblem("documents", $"At most {MaxDocuments} documents.", $"材料不得超过 {MaxDocuments} 份。"));
        }

        for (var i = 0; i < request.Documents.Count; i++)
        {
            var sha = request.Documents[i].Sha256.Trim().ToLowerInvariant();
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
            {
                problems.Add(new FieldProblem($"documents[{i}].sha256", "The SHA-256 of the uploaded bytes: 64 hex digits.", "须为已上传文件的 SHA-256（64 位十六进制）。"));
                continue;
            }

            var name = request.Documents[i].Name.Trim();
            if (name.Length is 0 or > 200)
            {
                problems.Add(new FieldProblem($"documents[{i}].name", "A document name of 1 to 200 characters.", "材料名称须为 1 至 200 个字符。"));
                continue;
            }

            var scope = request.Documents[i].Scope switch
            {
                Proto.DocumentScope.Organization => DocumentScope.Organization,
                _ => DocumentScope.Project,
            };
            if (documents.All(x => x.Sha256 != sha))
            {
                documents.Add(new DocumentRef(sha, name, scope));
            }
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return new ApplicationContent(request.PolicyId.Trim(), uscc, request.ItemCode.Trim(), title, request.Summary.Trim(), period, request.RequestedAmountFen, declaration, documents);
    }

    /// <summary>The signed commitment (承诺书), or a problem naming the field when any of its parts is missing.</summary>
    public static Declaration? Declaration(Proto.Declaration declaration, List<FieldProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(declaration.TextVersion) || string.IsNullOrWhiteSpace(declaration.SignerName) || declaration.SignedAt is null)
        {
            problems.Add(new FieldProblem("declaration", "The commitment names its text version, its signer and when it was signed.", "承诺书须注明文本版本、签署人和签署时间。"));
            return null;
        }

        return new Declaration(declaration.TextVersion.Trim(), declaration.SignerName.Trim(), declaration.SignedAt.ToDateTimeOffset());
    }

    public static Proto.Application ToProto(Application application)
    {
        var answer = new Proto.Application
        {
            ApplicationId = application.Id.ToString(),
            PolicyId = application.PolicyId,
            OrganizationUscc = application.OrganizationUscc,
            ItemCode = application.ItemCode,
            RoundId = application.RoundId,
            Title = application.Title,
            Summary = application.Summary,
            RequestedAmountFen = application.RequestedAmountFen,
            Status = ToProto(application.Status),
            Version = application.Version,
            ApplyFree = application.ApplyFree,
            CityAwardFen = application.CityAwardFen ?? 0,
            CreatedAt = Timestamp.FromDateTimeOffset(application.CreatedAt),
        };
        if (application.ProjectPeriod is { } period)
        {
            answer.ProjectPeriod = new Proto.ProjectPeriod { Start = Day(period.Start), End = Day(period.End) };
        }

        if (application.Declaration is { } declaration)
        {
            answer.Declaration = new Proto.Declaration { TextVersion = declaration.TextVersion, SignerName = declaration.SignerName, SignedAt = Timestamp.FromDateTimeOffset(declaration.SignedAt) };
        }

        if (application.SubmittedAt is { } submitted)
        {
            answer.SubmittedAt = Timestamp.FromDateTimeOffset(submitted);
        }

        if (application.Lifecycle.SupplementDeadline is { } deadline)
        {
            answer.SupplementDeadline = Timestamp.FromDateTimeOffset(deadline);
        }

        answer.SupplementItems.AddRange(application.Lifecycle.SupplementItems);
        answer.ApprovedAmountFen = application.ApprovedAmountFen ?? 0;
        if (application.JointReview is { } joint && (joint.PanelScore is not null || joint.FairCompetition is not null || joint.Votes.Count > 0 || joint.Decision is not null))
        {
            var review = new Proto.JointReview
            {
                PanelScore = (double)(joint.PanelScore ?? 0),
                RecommendedAmountFen = joint.RecommendedAmountFen ?? 0,
                FairCompetitionOpinion = joint.FairCompetition is null ? string.Empty : joint.FairCompetition.NoObjection ? "NO_OBJECTION" : "OBJECTION",
                FairCompetitionNotes = joint.FairCompetition?.Notes ?? string.Empty,
            };
            review.Votes.AddRange(joint.Votes.Select(v => new Proto.Vote
            {
                Reviewer = v.Reviewer,
                Decision = v.Approve ? "APPROVE" : "DECLINE",
                AmountFen = v.AmountFen,
                Reason = v.Reason,
                Dissent = v.Dissent ?? string.Empty,
                CastAt = Timestamp.FromDateTimeOffset(v.CastAt),
            }));
            if (joint.Decision is { } decision)
            {
                review.Decision = decision.Approve ? "APPROVE" : "DECLINE";
                review.DecidedAmountFen = decision.AmountFen;
                review.DecisionReason = decision.Reason ?? string.Empty;
                review.Regulation = decision.Regulation ?? string.Empty;
                review.DecidedBy = decision.DecidedBy;
                review.DecidedAt = Timestamp.FromDateTimeOffset(decision.DecidedAt);
            }

            answer.JointReview = review;
        }
        answer.Documents.AddRange(application.Documents.Select(d => new Proto.DocumentRef
        {
            Sha256 = d.Sha256,
            Name = d.Name,
            Scope = d.Scope == DocumentScope.Organization ? Proto.DocumentScope.Organization : Proto.DocumentScope.Project,
        }));
        answer.History.AddRange(application.Lifecycle.History.Select(s => new Proto.LifecycleStep
        {
            Action = s.Action,
            From = ToProto(s.From),
            To = ToProto(s.To),
            Actor = s.Actor,
            ActorRole = s.Role,
            At = Timestamp.FromDateTimeOffset(s.At),
            Reason = s.Reason ?? string.Empty,
        }));
        return answer;
    }

    public static Proto.AwardStatistics ToProto(AwardStatistics statistics, DateTimeOffset generatedAt)
    {
        var answer = new Proto.AwardStatistics
        {
            PolicyId = statistics.Policy.PolicyId,
            Year = statistics.Year,
            Awards = statistics.Awards,
            AwardedFen = statistics.AwardedFen,
            GeneratedAt = Timestamp.FromDateTimeOffset(generatedAt),
        };
        if (statistics.Budget is { } budget)
        {
            answer.AppropriationFen = budget.AppropriationFen;
            answer.DisbursedFen = budget.DisbursedFen;
        }

        answer.Groups.AddRange(statistics.Groups.Select(g =>
        {
            var group = new Proto.GroupAwardStatistics { GroupCode = g.Group.Code, Title = g.Group.Title, Awards = g.Awards, AwardedFen = g.AwardedFen };
            if (g.AppropriationFen is { } appropriation)
            {
                group.AppropriationFen = appropriation;
            }

            return group;
        }));
        answer.Items.AddRange(statistics.Items.Select(i => new Proto.ItemAwardStatistics
        {
            ItemCode = i.Item.Code,
            Title = i.Item.Title,
            GroupCode = i.GroupCode,
            CapFen = i.Item.CapFen ?? 0,
            Awards = i.Awards,
            AwardedFen = i.AwardedFen,
            LargestAwardFen = i.LargestAwardFen,
            AwardsAtCap = i.AwardsAtCap,
        }));
        answer.Years.AddRange(statistics.Years.Select(y => new Proto.YearAwardStatistics { Year = y.Year, Awards = y.Awards, AwardedFen = y.AwardedFen }));
        return answer;
    }

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string value, string field, List<FieldProblem> problems)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(new FieldProblem(field, "A date as YYYY-MM-DD.", "日期格式须为 YYYY-MM-DD。"));
        return null;
    }
}
