import type { PublicCertificate } from '../../src/erasure/certificates';
import { formatDate } from '../../src/i18n/format';
import { bodyLine } from '../../src/programme/service';
import { diskSize } from '../hardware/specs';
import { evidenceMoment } from './section';
import { codeLabel } from '../../src/i18n/catalogue';
import { ErrorBox } from '../components/forms';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';

/** The public check of a certificate: what it says, without any person, donor or whole serial. */
export function VerifyPage({ v, cert, code, error }: { v: View; cert?: PublicCertificate; code?: string; error?: string }) {
  return (
    <article>
      <h1>{v.t('erasure.verify.title')}</h1>
      <form method="get" action="/verify" class="filters" role="search">
        <div class="field">
          <label for="code">{v.t('erasure.verify.form')}</label>
          <input id="code" name="code" type="text" value={code ?? ''} autocomplete="off" placeholder="RG-XXXX-XXXX-XXXX" />
        </div>
        <button type="submit">{v.t('erasure.verify.check')}</button>
      </form>
      <ErrorBox message={error} />
      {cert ? (
        <>
          <p>{v.t('erasure.verify.intro', { code: cert.code, date: formatDate(v.locale, cert.issuedAt), hub: cert.hub })}</p>
          <dl class="facts">
            <dt>{v.t('programme.body.label')}</dt>
            <dd>{bodyLine(v.t, cert.body)}</dd>
          </dl>
          {cert.superseded ? <p class="alert alert-warn">{v.t('erasure.verify.superseded')}</p> : null}
          {cert.withdrawn ? <p class="alert alert-error">{v.t('erasure.verify.withdrawn')}</p> : null}
          {cert.devices.map((d) => (
            <section>
              <h2>
                <span class="tag">{d.tag}</span> · {[typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' · ')}
              </h2>
              <p class={`alert ${d.erased ? 'alert-ok' : 'alert-warn'}`}>
                {v.t(d.erased ? 'erasure.verify.erased' : 'erasure.verify.notErased')} ({v.t(`erasure.verdict.${d.verdict}` as never)})
              </p>
              {d.disks.map((k) => (
                <dl class="facts">
                  <dt>{v.t('erasure.certificate.makeModel')}</dt>
                  <dd>{k.model ?? '—'}</dd>
                  <dt>{v.t('erasure.certificate.serial')}</dt>
                  <dd>{k.serial ?? '—'}</dd>
                  <dt>{v.t('erasure.certificate.size')}</dt>
                  <dd>{diskSize(v, k.sizeBytes)}</dd>
                  <dt>{v.t('erasure.certificate.outcome')}</dt>
                  <dd>{codeLabel(v.locale, 'erasure', k.outcome)}</dd>
                  <dt>{v.t('erasure.certificate.category')}</dt>
                  <dd>{k.category ? v.t(`erasure.category.${k.category}` as never) : '—'}</dd>
                  <dt>{v.t('erasure.certificate.method')}</dt>
                  <dd>{k.method ?? '—'}</dd>
                  <dt>{v.t('erasure.certificate.tool')}</dt>
                  <dd>{k.tool ?? '—'}</dd>
                  <dt>{v.t('erasure.certificate.verification')}</dt>
                  <dd>{k.verification ?? '—'}</dd>
                  <dt>{v.t('erasure.certificate.started')}</dt>
                  <dd>{evidenceMoment(v, k.startedAt)}</dd>
                  <dt>{v.t('erasure.certificate.finished')}</dt>
                  <dd>{evidenceMoment(v, k.finishedAt)}</dd>
                </dl>
              ))}
            </section>
          ))}
          <p class="muted">{v.t('erasure.verify.privacy')}</p>
        </>
      ) : null}
    </article>
  );
}
