// ESLint flat config: typescript-eslint's recommended rules plus Pulumi's own
// rule that catches Outputs formatted into template literals.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  { ignores: ["node_modules/**", "**/node_modules/**", "**/dist/**", "bin/**", "scripts/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@pulumi": pulumi },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The CLI loads commands and the program lazily (require) so one command never pays for the others.
    files: ["cli/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The program loads @pulumi/aws service by service (components/aws/sdk.ts): the root index loads all ~250.
    files: [
      "index.ts",
      "components/**/*.ts",
      "config/**/*.ts",
      "lib/**/*.ts",
      "policy-pack/**/*.ts",
      "cli/**/*.ts",
    ],
    ignores: ["**/tests/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@pulumi/aws",
              message:
                "import from components/aws/sdk.ts (one module per service), not the root index",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON documents (synth output, policy fixtures).
    files: ["tests/**/*.ts", "policy-pack/tests/**/*.ts", "app/tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
