// The scanner's name and version as reporters print them (a test keeps it equal to package.json).
export const TOOL_NAME = 'rampart-scan';
export const TOOL_VERSION = '0.1.0';
