import { Check, Entity, OneToOne, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { uuidv7 } from '../../../src/kernel';
import { Petition } from './petition.entity';

/**
 * The protected part of a petition: who filed it. Kept in its own table so that no read path of
 * petitions can reach it by accident; it is read only through the identity loader, which checks
 * the caller against the petition and writes a {@link ProtectedAccessLog} row for every read.
 */
@Entity({ tableName: 'inspectorate_petitioner_identity' })
export class PetitionerIdentity {
  [OptionalProps]?: 'id' | 'identityNumber' | 'address' | 'phone';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @OneToOne(() => Petition, { owner: true, unique: 'inspectorate_petitioner_identity_petition_unique', deleteRule: 'cascade' })
  petition!: Rel<Petition>;

  @Property({ type: 'text' })
  fullName!: string;

  /** CCCD (12 digits). */
  @Property({ type: 'text', nullable: true })
  identityNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;
}

/**
 * The original letter or a scan of it (the petitioner's handwriting, bút tích). Stored here rather
 * than in the kernel's content-addressed `stored_file`: that table is shared and served by kernel
 * code with its own rules (downloads, edXML), and a hash shared with another upload would tell
 * that the same scan exists elsewhere. Here the bytes sit with the identity, behind the same check.
 */
@Entity({ tableName: 'inspectorate_petitioner_letter' })
@Check({ name: 'inspectorate_petitioner_letter_size_check', expression: 'size > 0' })
export class PetitionerLetter {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Petition, { index: true, deleteRule: 'cascade' })
  petition!: Rel<Petition>;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  mediaType!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'blob', lazy: true })
  content!: Buffer;

  @Property({ type: 'timestamptz' })
  uploadedAt!: Date;
}
