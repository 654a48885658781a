package generator

// UnifiedDiff lets the golden tests print a mismatch (-want +got) with the
// diff check prints.
var UnifiedDiff = unifiedDiff
