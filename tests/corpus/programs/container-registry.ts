// A container registry shared with a CI system, as the ECR examples write it.
import * as aws from "@pulumi/aws";

export function program() {
  const repo = new aws.ecr.Repository("app", { imageTagMutability: "MUTABLE", forceDelete: true });
  new aws.ecr.RepositoryPolicy("app-policy", {
    repository: repo.name,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CI",
          Effect: "Allow",
          Principal: "*",
          Action: [
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchGetImage",
            "ecr:PutImage",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:BatchDeleteImage",
          ],
        },
      ],
    }),
  });
  new aws.ecr.LifecyclePolicy("app-lifecycle", {
    repository: repo.name,
    policy: JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 14,
          },
          action: { type: "expire" },
        },
      ],
    }),
  });
  return { url: repo.repositoryUrl };
}
