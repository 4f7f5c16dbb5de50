/**
 * The collapsible "นำเข้าจากไฟล์ Excel/CSV" section of the projects page, for those who write
 * projects. It holds the import component of src/web/components/projects/ProjectImport.tsx.
 */
import { useI18n } from '../../i18n.tsx';

export function ProjectImportSection({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  void onImported;
  return (
    <details className="card projects-import">
      <summary>{t('projectsImportTitle')}</summary>
      {/* PLACEHOLDER (PROJECTS-IMPORT): ProjectImport.tsx does not exist yet; mount <ProjectImport onImported={onImported} /> here. */}
      <p className="muted">{t('projectsImportPending')}</p>
    </details>
  );
}
