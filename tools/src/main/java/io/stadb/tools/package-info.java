/** The {@code stadb} command line (module {@code tools}). */
package io.stadb.tools;
