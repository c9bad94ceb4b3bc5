import { Field, ID, ObjectType } from 'type-graphql';
import { ErrorResult } from '../../../src/kernel';

@ObjectType({ implements: ErrorResult, description: 'No class with this id.' })
export class ClassNotFound extends ErrorResult {
  @Field(() => ID)
  classId!: string;

  static of(classId: string): ClassNotFound {
    return Object.assign(new ClassNotFound(), { code: 'CLASS_NOT_FOUND', message: `Không tìm thấy lớp học / No class ${classId}`, classId });
  }
}

@ObjectType({ implements: ErrorResult, description: 'No school with this id.' })
export class SchoolNotFound extends ErrorResult {
  @Field(() => ID)
  schoolId!: string;

  static of(schoolId: string): SchoolNotFound {
    return Object.assign(new SchoolNotFound(), { code: 'SCHOOL_NOT_FOUND', message: `Không tìm thấy trường / No school ${schoolId}`, schoolId });
  }
}

@ObjectType({ implements: ErrorResult, description: 'No student with this id that the caller may act on.' })
export class StudentNotFound extends ErrorResult {
  @Field(() => ID)
  studentId!: string;

  static of(studentId: string): StudentNotFound {
    return Object.assign(new StudentNotFound(), { code: 'STUDENT_NOT_FOUND', message: `Không tìm thấy học sinh / No student ${studentId}`, studentId });
  }
}

@ObjectType({ implements: ErrorResult, description: 'No grade with this id.' })
export class GradeNotFound extends ErrorResult {
  @Field(() => ID)
  gradeId!: string;

  static of(gradeId: string): GradeNotFound {
    return Object.assign(new GradeNotFound(), { code: 'GRADE_NOT_FOUND', message: `Không tìm thấy điểm / No grade ${gradeId}`, gradeId });
  }
}
