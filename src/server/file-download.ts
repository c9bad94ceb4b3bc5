import { Request, Response } from 'express';
import { AuthenticationError } from '../auth/token.service';
import { isUuid } from '../db/ids';
import { query } from '../db/sql';
import { findDossier } from '../dossiers/dossier.queries';
import { seesPersonalData } from '../dossiers/dossier-access';
import { noteApplicantRead } from '../dossiers/applicant-read';
import { Services } from './context';
import { DATA_ACCESS_LOG_FAILED, DataAccessCollector } from '../privacy/data-access';
import { reportDataAccessLogFailure } from './data-access-plugin';

/**
 * `GET /files/:id`: the content of a dossier attachment, for the applicant and the officers
 * handling the dossier only (observers see the file list, not the documents themselves). An HTTP
 * endpoint beside the GraphQL one, so it sits in the API layer.
 */
export function fileDownloadHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const id = String(req.params.id);
    let principal;
    try {
      principal = await services.tokens.fromAuthorization(req.headers.authorization);
    } catch (e) {
      if (e instanceof AuthenticationError) return void res.status(401).json({ error: e.message });
      throw e;
    }
    if (!principal) return void res.status(401).json({ error: 'Authentication required' });
    const em = services.orm.em.fork();
    const notFound = () => res.status(404).json({ error: 'File not found' });
    if (!isUuid(id)) return void notFound();
    const [file] = await query<{ dossierId: string; name: string; mediaType: string; size: number; sha256: string }>(
      em,
      `select f.dossier_id as "dossierId", f.name, s.media_type as "mediaType", s.size, s.sha256 from dossier_file f join stored_file s on s.sha256 = f.file_sha256 where f.id = $1`,
      [id],
    );
    if (!file) return void notFound();
    const dossier = await findDossier(em, services.presenter, principal, file.dossierId);
    if (!dossier || !seesPersonalData(dossier.access)) return void notFound();
    const [{ content }] = await query<{ content: Buffer }>(em, 'select content from stored_file where sha256 = $1', [file.sha256]);
    // An attachment is the applicant's personal data as much as the form: an officer's download
    // is logged (Decree 13/2023) before the content leaves, or the content is withheld.
    const log = new DataAccessCollector(principal);
    noteApplicantRead(log, dossier, ['files'], `GET /files/${id}`);
    try {
      await log.flush(em, services.clock.now());
    } catch (e) {
      reportDataAccessLogFailure(services, e, 'personal-data access log not written; file withheld');
      return void res.status(503).json({ error: DATA_ACCESS_LOG_FAILED.message });
    }
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('ETag', `"${file.sha256}"`);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(content);
  };
}
