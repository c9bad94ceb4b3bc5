import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { StoredFile } from '../documents/stored-file.entity';
import { Issues } from '../graphql/validation';
import { FileInput } from './dossier.inputs';

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FILES_PER_CALL = 20;

/** Media types accepted for dossier attachments: scans, photos, office documents, signed XML. */
const ACCEPTED_MEDIA_TYPES = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/xml',
  'text/xml',
]);

export interface DecodedFile {
  name: string;
  mediaType: string;
  componentCode: string | null;
  content: Buffer;
  sha256: string;
}

/** Decodes and checks inline files; problems go to `issues` under `field[i]`. */
export function decodeFiles(issues: Issues, field: string, files: FileInput[] | null | undefined, componentCodes: Set<string>): DecodedFile[] {
  if (!files?.length) return [];
  if (files.length > MAX_FILES_PER_CALL) issues.add(field, `Tối đa ${MAX_FILES_PER_CALL} tệp / At most ${MAX_FILES_PER_CALL} files`);
  const out: DecodedFile[] = [];
  files.slice(0, MAX_FILES_PER_CALL).forEach((f, i) => {
    const at = `${field}[${i}]`;
    const name = issues.text(`${at}.name`, f.name, 255);
    if (!ACCEPTED_MEDIA_TYPES.has(f.mediaType)) issues.add(`${at}.mediaType`, `Loại tệp không được chấp nhận / Media type not accepted: ${f.mediaType}`);
    if (f.componentCode && !componentCodes.has(f.componentCode)) issues.add(`${at}.componentCode`, `Thành phần hồ sơ không tồn tại / Unknown component ${f.componentCode}`);
    // Reject anything that is not canonical base64 rather than silently decoding garbage.
    if (f.contentBase64.length > Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4) {
      issues.add(`${at}.contentBase64`, `Tệp vượt quá ${MAX_FILE_BYTES / 1024 / 1024} MB / File larger than 10 MB`);
      return;
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(f.contentBase64) || f.contentBase64.length % 4 !== 0) {
      issues.add(`${at}.contentBase64`, 'Nội dung không phải base64 hợp lệ / Not valid base64');
      return;
    }
    const content = Buffer.from(f.contentBase64, 'base64');
    if (content.length === 0) issues.add(`${at}.contentBase64`, 'Tệp rỗng / Empty file');
    if (content.length > MAX_FILE_BYTES) issues.add(`${at}.contentBase64`, 'Tệp vượt quá 10 MB / File larger than 10 MB');
    out.push({ name: name ?? '', mediaType: f.mediaType, componentCode: f.componentCode ?? null, content, sha256: createHash('sha256').update(content).digest('hex') });
  });
  return out;
}

/** Stores contents once per hash inside the caller's transaction; returns the file rows to reference. */
export async function storeFiles(em: EntityManager, files: DecodedFile[]): Promise<Map<string, StoredFile>> {
  const out = new Map<string, StoredFile>();
  for (const f of files) {
    if (out.has(f.sha256)) continue;
    await em.getConnection().execute(
      `insert into stored_file (sha256, size, media_type, content, created_at) values (?, ?, ?, ?, now()) on conflict (sha256) do nothing`,
      [f.sha256, f.content.length, f.mediaType, f.content],
      'run',
      em.getTransactionContext(),
    );
    out.set(f.sha256, em.getReference(StoredFile, f.sha256));
  }
  return out;
}
