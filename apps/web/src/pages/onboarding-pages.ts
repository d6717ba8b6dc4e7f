// The sign-up wizard and Stripe's way back into it, loaded together as one chunk (see app.tsx).
export { CardReturnPage } from './onboarding/card-return-page';
export { OnboardingPage } from './onboarding/onboarding-page';
