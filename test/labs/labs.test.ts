// Every kernel lab, graded by the real CLI against the real Docker engine.
import { describeLabGrading, labsOfKind } from '../helpers/lab-grading';

// A grade types a whole lab and reads the box after every step; five run side by
// side, and on a loaded machine one can take over a minute.
describeLabGrading(labsOfKind('box'), undefined, 120_000);
