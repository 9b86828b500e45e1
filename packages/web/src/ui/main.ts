// Entry point: the refusing Trusted Types policy first, then the app.
import { startApp } from './app.js';
import { installRefusingDefaultPolicy } from '../trusted-types.js';

installRefusingDefaultPolicy();
const root = document.getElementById('app');
if (root) void startApp(root);
