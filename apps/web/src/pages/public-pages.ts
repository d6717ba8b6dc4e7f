// The signed-out pages (and the two of signing in that any signed-in user may reach), loaded together as one chunk (see app.tsx).
export { AuthCallbackPage } from './auth-callback-page';
export { SignInPage } from './account/sign-in-page';
export { ForgotPasswordPage } from './forgot-password-page';
export { LoginPage } from './login-page';
export { NotFoundPage } from './not-found-page';
export { PricingPage } from './pricing-page';
export { RegisterPage } from './register-page';
export { ResetPasswordPage } from './reset-password-page';
