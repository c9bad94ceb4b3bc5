import { Check, Entity, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/** File content, stored once per SHA-256 hash (content-addressed, so identical uploads share it). */
@Entity({ tableName: 'stored_file' })
@Check({ name: 'stored_file_size_check', expression: 'size >= 0' })
export class StoredFile {
  [OptionalProps]?: 'createdAt';
  [PrimaryKeyProp]?: 'sha256';

  /** Lower-case hex SHA-256 of the content. */
  @PrimaryKey({ type: 'text' })
  sha256!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'text' })
  mediaType!: string;

  @Property({ type: 'blob', lazy: true })
  content!: Buffer;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
