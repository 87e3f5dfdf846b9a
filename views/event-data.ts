/**
 * An event's data as the history reads it: its fields, or none when the data is not a JSON object (bad
 * JSON, null, a number, an array). Never an error: one odd event must not take the whole page down.
 */
export function eventFields(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
