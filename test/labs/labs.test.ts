// Every kernel lab, graded by the real CLI against the real Docker engine.
import { describeLabGrading, labsOfKind } from '../helpers/lab-grading';

describeLabGrading(labsOfKind('box'));
