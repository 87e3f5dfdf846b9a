/**
 * An ESLint formatter that counts: violations per rule, with the number of files each is in.
 *   npx eslint . -f ./eslint/per-rule.js     (npm run lint:count)
 */
export default function perRule(results) {
  const rules = new Map();
  for (const file of results) {
    for (const m of file.messages) {
      const rule = m.ruleId ?? (m.fatal ? 'parse error' : 'eslint-disable directives');
      const entry = rules.get(rule) ?? { count: 0, files: new Set(), errors: 0 };
      entry.count += 1;
      if (m.severity === 2) entry.errors += 1;
      entry.files.add(file.filePath);
      rules.set(rule, entry);
    }
  }
  const rows = [...rules].sort((a, b) => b[1].count - a[1].count);
  const total = rows.reduce((n, [, e]) => n + e.count, 0);
  const lines = rows.map(([rule, e]) => `${String(e.count).padStart(5)} in ${String(e.files.size).padStart(3)} files  ${rule}${e.errors === e.count ? '' : ` (${e.count - e.errors} warnings)`}`);
  return [`${total} problems in ${results.length} files linted`, ...lines].join('\n') + '\n';
}
