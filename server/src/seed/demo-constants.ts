/** The demo chain's published credentials (README). Production refuses to boot while any exist. */
export const DEMO_PASSWORD = 'tableside-demo';
export const DEMO_POS_KEY = {
  keyId: 'pk_demo_sh001',
  secret: 'demo-pos-secret-sh001-change-me-in-production',
};
