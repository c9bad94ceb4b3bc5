import { DossierType, DossierView, isUuid, type ModuleContext, seesPersonalData } from '../../../src/kernel';
import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { EDUCATION_PROCEDURE } from '../procedures';
import { SchoolClassType, SchoolType } from './education.output';
import { ClassView, educationLoaders, SchoolView } from './education.queries';

@ObjectType('SchoolTransfer', { description: 'What a school transfer dossier asks for.' })
export class SchoolTransferType {
  @Field({ description: 'Mã học sinh.' }) studentCode!: string;
  @Field(() => SchoolType, { nullable: true }) fromSchool!: SchoolView | null;
  @Field(() => SchoolType, { nullable: true }) toSchool!: SchoolView | null;
  @Field(() => SchoolClassType, { nullable: true, description: 'The class asked for; null: the receiving school places the student.' }) toClass!: ClassView | null;
  @Field() reason!: string;
}

const TRANSFERS: ReadonlySet<string> = new Set([EDUCATION_PROCEDURE.TRANSFER_LOWER_SECONDARY, EDUCATION_PROCEDURE.TRANSFER_UPPER_SECONDARY]);

/** Education fields on the kernel's Dossier (the kernel has checked the caller may see the dossier). */
@Resolver(() => DossierType)
export class EducationDossierResolver {
  @FieldResolver(() => SchoolTransferType, { nullable: true, description: 'School transfer dossiers: the student and schools concerned; null for other dossiers and for observers (a child’s data).' })
  async schoolTransfer(@Root() d: DossierView, @Ctx() ctx: ModuleContext): Promise<SchoolTransferType | null> {
    if (!TRANSFERS.has(d.procedure.code) || !seesPersonalData(d.access) || !d.formData) return null;
    const f = d.formData;
    const loaders = educationLoaders(ctx);
    const idOf = (v: unknown) => (typeof v === 'string' && isUuid(v) ? v : null);
    const [fromId, toId, classId] = [idOf(f.fromSchoolId), idOf(f.toSchoolId), idOf(f.toClassId)];
    const [fromSchool, toSchool, toClass] = await Promise.all([
      fromId ? loaders.schoolById.load(fromId) : null,
      toId ? loaders.schoolById.load(toId) : null,
      classId ? loaders.classById.load(classId) : null,
    ]);
    return { studentCode: String(f.studentCode ?? ''), fromSchool, toSchool, toClass, reason: String(f.reason ?? '') };
  }
}
