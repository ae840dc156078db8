// Prints the closing line CI reads: `N passed, N failed, N skipped` (skipped: skipped and todo tests,
// which the line must show so that a run that tested less than it seems cannot pass unnoticed).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(`\n${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
  }
}
module.exports = SummaryReporter;
