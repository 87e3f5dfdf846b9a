/** A feature's messages: the same keys in Italian (the default) and English, checked by the compiler. */
export function defineMessages<K extends string>(messages: { it: Record<K, string>; en: Record<NoInfer<K>, string> }) {
  return messages;
}
