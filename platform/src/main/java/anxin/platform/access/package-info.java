/** Who may call the API: bearer tokens stored hashed, roles, and the facilities each may see. */
package anxin.platform.access;
