import { Field, ID, ObjectType } from 'type-graphql';
import { ErrorResult } from '../../graphql/errors';

@ObjectType({ implements: ErrorResult, description: 'No assignment rule with this id that the caller may see.' })
export class AssignmentRuleNotFound extends ErrorResult {
  @Field(() => ID)
  ruleId!: string;

  static of(ruleId: string): AssignmentRuleNotFound {
    return Object.assign(new AssignmentRuleNotFound(), { code: 'ASSIGNMENT_RULE_NOT_FOUND', message: `Không tìm thấy quy tắc phân công / No assignment rule ${ruleId} that you may see`, ruleId });
  }
}
