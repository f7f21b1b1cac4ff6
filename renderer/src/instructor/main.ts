// The instructor's page, served by `nslab classroom` (not by the learner's app):
// its own entry, so it never opens the learner API's WebSocket.
import { createApp } from 'vue';
import '../style.css';
import InstructorView from './InstructorView.vue';

createApp(InstructorView).mount('#app');
