/**
 * The collapsible "นำเข้าจากไฟล์ Excel/CSV" section of the projects page, for those who write
 * projects: the spreadsheet import of ProjectImport.tsx, closed until asked for so the list stays
 * near the top.
 */
import { useI18n } from '../../i18n.tsx';
import { ProjectImport } from './ProjectImport.tsx';

export function ProjectImportSection({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  return (
    <details className="card projects-import">
      <summary>{t('projectsImportTitle')}</summary>
      <div className="projects-import-body">
        <ProjectImport onImported={onImported} />
      </div>
    </details>
  );
}
