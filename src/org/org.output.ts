import { Field, ID, ObjectType } from 'type-graphql';
import { AdminUnitLevel } from './admin-unit.entity';
import { AgencyKind } from './agency.entity';

@ObjectType('AdministrativeUnit', { description: 'Đơn vị hành chính, with the period it existed.' })
export class AdminUnitType {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => AdminUnitLevel)
  level!: AdminUnitLevel;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  validFrom!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while the unit exists.' })
  validTo!: string | null;

  parentId!: string | null;
  successorId!: string | null;
}

@ObjectType('Agency', { description: 'A government agency with its electronic code (QCVN 102:2016).' })
export class AgencyType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Electronic code, pattern 000.00.00.X00.' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  shortName!: string;

  @Field(() => AgencyKind)
  kind!: AgencyKind;

  @Field(() => String, { nullable: true, description: 'The agency module that declared it.' })
  moduleName!: string | null;

  @Field(() => String)
  validFrom!: string;

  @Field(() => String, { nullable: true })
  validTo!: string | null;

  unitId!: string;
  parentId!: string | null;
}
