/**
 * Where xlint's pages live. One constant: every rule's `helpUri` (SARIF), the
 * link in `xlint explain` and the GitLab/JUnit reports point at
 * `docs/rules/<name>.md` in the project repository, on its main branch.
 */
export const REPOSITORY_URL = 'https://github.com/xlint/xlint';

export const RULE_DOCS_BASE_URL = `${REPOSITORY_URL}/blob/main/docs/rules/`;

/** The rule's page in the repository (relative to the repository root). */
export function ruleDocPath(rule: { readonly name: string }): string {
  return `docs/rules/${rule.name}.md`;
}

/** The rule's page as an absolute URL. */
export function ruleDocUrl(rule: { readonly name: string }): string {
  return `${RULE_DOCS_BASE_URL}${encodeURIComponent(rule.name)}.md`;
}
