import { Field, Int, ObjectType, Query, Resolver } from 'type-graphql';

@ObjectType('PetitionKind', { description: 'A class of petition (đơn thư) and its statutory time limit.' })
export class PetitionKindType {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Days to resolve after acceptance (thụ lý).' })
  resolutionDays!: number | null;

  @Field(() => Int, { nullable: true, description: 'Days for complex cases.' })
  complexResolutionDays!: number | null;

  @Field()
  legalBasis!: string;
}

const KINDS: PetitionKindType[] = [
  { code: 'KHIEU_NAI', name: 'Khiếu nại', resolutionDays: 30, complexResolutionDays: 45, legalBasis: 'Luật Khiếu nại số 02/2011/QH13, Điều 28' },
  { code: 'TO_CAO', name: 'Tố cáo', resolutionDays: 30, complexResolutionDays: null, legalBasis: 'Luật Tố cáo số 25/2018/QH14, Điều 30 (gia hạn: xác minh)' },
  { code: 'KIEN_NGHI_PHAN_ANH', name: 'Kiến nghị, phản ánh', resolutionDays: null, complexResolutionDays: null, legalBasis: 'Nghị định 124/2020/NĐ-CP; Thông tư 05/2021/TT-TTCP' },
];

/** Reference list of petition classes (inspectorate module). */
@Resolver()
export class PetitionKindResolver {
  @Query(() => [PetitionKindType], { description: 'Petition classes and time limits (inspectorate module).' })
  petitionKinds(): PetitionKindType[] {
    return KINDS;
  }
}
