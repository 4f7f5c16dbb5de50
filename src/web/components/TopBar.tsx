import { useI18n } from '../i18n.tsx';
import { Link, usePath } from '../router.tsx';
import { useSession } from '../session.tsx';

/** The app name, the pages the user may open, who is signed in, the language switch and sign-out. */
export function TopBar() {
  const { t, lang } = useI18n();
  const { me, signOut } = useSession();
  const path = usePath();
  const admin = new Set(['/admin/import', '/admin/users', '/admin/audit']);
  const links: Array<[string, string]> = me
    ? [
        ['/', t('navMap')],
        ['/dashboard', t('dashboardNav')],
        ...(me.role === 'admin' || me.role === 'analyst' ? ([['/analysis', t('navAnalysis')]] as Array<[string, string]>) : []),
        ['/targets', t('targetsNav')],
        ['/projects', t('projectsNav')],
        ['/indicators', t('indicatorsNav')],
        ['/review', t('reviewNav')],
        ['/evaluation', t('evaluationNav')],
        ['/agencies', t('agenciesNav')],
        ...(me.role === 'admin'
          ? ([
              ['/admin/import', t('navImport')],
              ['/admin/users', t('navUsers')],
              ['/admin/audit', t('navAudit')],
            ] as Array<[string, string]>)
          : []),
      ]
    : [];
  return (
    <header className="topbar">
      <Link href="/" className="brand" aria-label={t('appTitle')}>
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">COMAP</span>
        <span className="brand-sub" lang="th">
          {BRAND_SUBTITLE}
        </span>
        {lang === 'en' && <span className="brand-sub-en">{t('appSubtitle')}</span>}
      </Link>
      {me && (
        <nav className="topnav" aria-label={t('mainNav')}>
          {links.map(([href, label]) => (
            <Link
              key={href}
              href={href}
              className={[path === href ? 'active' : '', admin.has(href) ? 'nav-admin' : ''].filter(Boolean).join(' ') || undefined}
              aria-current={path === href ? 'page' : undefined}
            >
              {label}
            </Link>
          ))}
        </nav>
      )}
      <div className="topbar-end">
        {me && (
          <Link href="/account" className="user-chip" title={t('navAccount')}>
            <span className="user-name">{me.displayName}</span>
            <span className="user-role">{t(`role_${me.role}`)}</span>
          </Link>
        )}
        <LangSwitch />
        {me && (
          <button type="button" className="btn btn-quiet" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        )}
      </div>
    </header>
  );
}

// The Thai subtitle is part of the product name and stays Thai in both languages.
export const BRAND_SUBTITLE = 'แผนที่ปฏิบัติการร่วม';

/** The banner shown on every page when the database holds the synthetic demo province. */
export function DemoBanner() {
  const { t } = useI18n();
  return (
    <div className="demo-banner" role="note" title={t('demoBannerHint')}>
      <strong>{t('demoBanner')}</strong>
      <span className="demo-hint">{t('demoBannerHint')}</span>
    </div>
  );
}

/** ไทย | EN: the interface language, remembered in this browser. */
export function LangSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('language')}>
      <button type="button" lang="th" aria-pressed={lang === 'th'} onClick={() => setLang('th')}>
        ไทย
      </button>
      <button type="button" lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
        EN
      </button>
    </div>
  );
}
