export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
/** bad input or a missing environment: nothing was graded */
export const EXIT_ERROR = 2;
