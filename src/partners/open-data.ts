/**
 * What open data says about a recipient, in one place: schools and other public bodies are named
 * (they are public); associations and other organisations only with their consent, otherwise they
 * are counted together by kind. A person's name never appears. The recipients file, the partner
 * page and the consent box all follow this.
 */
export type OpenDataNaming = 'public' | 'consented' | 'unnamed';

export function openDataNaming(p: { kind: string; open_data_consent: number | boolean }): OpenDataNaming {
  if (p.kind === 'school' || p.kind === 'public_body') return 'public';
  return p.open_data_consent === 1 || p.open_data_consent === true ? 'consented' : 'unnamed';
}

export const namedInOpenData = (p: { kind: string; open_data_consent: number | boolean }) => openDataNaming(p) !== 'unnamed';
